import { describe, expect, it } from "vitest";
import type { Kpis } from "@/lib/query/dashboard-model";
import { resolvePeriod, DEFAULT_STATE } from "@/lib/query/dashboard-url";
import { percentChange } from "@/lib/query/dashboard-model";
import { aggregateBody, breakdownBody, timeseriesBody } from "./format-stats";

const period = resolvePeriod({ ...DEFAULT_STATE, period: "custom", from: "2026-03-01", to: "2026-03-02" }, "Europe/Berlin", new Date());
const kpis = (visitors: number, bounceRate: number): Kpis => ({ visitors, visits: 4, pageviews: 9, viewsPerVisit: 2.25, bounceRate, visitDuration: 61.5 });

describe("the stats answers", () => {
  it("computes the change as the dashboard's cards do, signed", () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(1, 3)).toBe(-67);
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(5, 0)).toBeNull();
    expect(Object.is(percentChange(999, 1000), 0)).toBe(true);
  });

  it("answers aggregate with the metrics asked for, in the site's local hours", () => {
    expect(aggregateBody(["visitors", "bounceRate"], kpis(10, 25), undefined, period, "Europe/Berlin")).toEqual({
      results: { visitors: { value: 10 }, bounceRate: { value: 25 } },
      period: { from: "2026-03-01T00:00", to: "2026-03-03T00:00", timeZone: "Europe/Berlin" },
    });
    expect(aggregateBody(["visitors", "bounceRate"], kpis(10, 25), kpis(8, 50), period, "Europe/Berlin")).toMatchObject({
      results: { visitors: { value: 10, previous: 8, change: 25 }, bounceRate: { value: 25, previous: 50, change: -50 } },
      comparison: { from: "2026-02-27T00:00", to: "2026-03-01T00:00" },
    });
  });

  it("answers timeseries with a date per bucket and only the metrics asked for", () => {
    const points = [{ bucket: "2026-03-01T00:00", ...kpis(3, 0) }, { bucket: "2026-03-02T00:00", ...kpis(0, 0) }];
    expect(timeseriesBody(["visitors", "pageviews"], points, period, "Europe/Berlin")).toEqual({
      results: [
        { date: "2026-03-01T00:00", visitors: 3, pageviews: 9 },
        { date: "2026-03-02T00:00", visitors: 0, pageviews: 9 },
      ],
      interval: "hour",
      period: { from: "2026-03-01T00:00", to: "2026-03-03T00:00", timeZone: "Europe/Berlin" },
    });
  });

  it("keys breakdown rows by the dimension and tells a next page from the extra row", () => {
    const rows = ["DE", "US", ""].map((value, index) => ({ value, visitors: 3 - index, visits: 5, pageviews: 7, events: 1 }));
    const full = breakdownBody("country", ["visitors", "events"], rows, { page: 1, limit: 2 }, period, "UTC");
    expect(full.results).toEqual([
      { country: "DE", visitors: 3, events: 1 },
      { country: "US", visitors: 2, events: 1 },
    ]);
    expect(full).toMatchObject({ page: 1, limit: 2, has_more: true });
    expect(breakdownBody("country", ["visitors"], rows, { page: 2, limit: 3 }, period, "UTC")).toMatchObject({ has_more: false, results: { length: 3 } });
  });
});
