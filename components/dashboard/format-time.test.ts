import { expect, it } from "vitest";
import { formatBucketAxis, formatBucketLong, formatPeriod, formatRange, spansDays } from "./format-time";

it("formats buckets for the axis and the tooltip", () => {
  expect(formatBucketAxis("2026-03-03T14:00", "hour", false)).toBe("14:00");
  expect(formatBucketAxis("2026-03-03T00:00", "hour", true)).toBe("Mar 3, 00:00");
  expect(formatBucketAxis("2026-03-03T00:00", "day", false)).toBe("Mar 3");
  expect(formatBucketAxis("2026-03-01T00:00", "month", false)).toBe("Mar 2026");
  expect(formatBucketLong("2026-03-03T14:00", "hour")).toBe("Tue, Mar 3, 14:00");
  expect(formatBucketLong("2026-03-03T00:00", "day")).toBe("Tue, Mar 3, 2026");
  expect(formatBucketLong("2026-03-02T00:00", "week")).toBe("Week of Mar 2, 2026");
  expect(formatBucketLong("2026-03-01T00:00", "month")).toBe("March 2026");
});

it("formats ranges as days, or hours when they start mid-day", () => {
  expect(formatRange({ from: "2026-03-04T00:00", to: "2026-03-10T15:00" })).toBe("Mar 4 – Mar 10, 2026");
  expect(formatRange({ from: "2026-03-10T00:00", to: "2026-03-10T15:00" })).toBe("Mar 10, 2026");
  expect(formatRange({ from: "2026-03-09T00:00", to: "2026-03-10T00:00" })).toBe("Mar 9, 2026");
  expect(formatRange({ from: "2025-12-25T00:00", to: "2026-01-08T00:00" })).toBe("Dec 25, 2025 – Jan 7, 2026");
  expect(formatRange({ from: "2026-03-09T15:00", to: "2026-03-10T15:00" })).toBe("Mar 9, 15:00 – Mar 10, 15:00");
  expect(spansDays({ from: "2026-03-10T00:00", to: "2026-03-11T00:00" })).toBe(false);
  expect(spansDays({ from: "2026-03-09T15:00", to: "2026-03-10T15:00" })).toBe(true);
});

it("names the period, or a custom one by its days", () => {
  const range = { from: "2026-03-01T00:00", to: "2026-03-08T00:00" };
  expect(formatPeriod({ period: "7d", filters: [], metric: "visitors" }, range)).toBe("Last 7 days");
  expect(formatPeriod({ period: "custom", from: "2026-03-01", to: "2026-03-07", filters: [], metric: "visitors" }, range)).toBe("Mar 1 – Mar 7, 2026");
});
