import { describe, expect, it } from "vitest";
import { describeChange, formatDuration, formatKpi, formatKpiAxis, formatShare, visitorShare } from "./format-metric";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [0.4, "0s"],
    [45, "45s"],
    [59.6, "1m 0s"],
    [92, "1m 32s"],
    [3600, "1h 0m"],
    [7530, "2h 5m"],
    [-3, "0s"],
  ])("%s seconds read %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("formatKpi", () => {
  it("writes each KPI in its own unit", () => {
    expect(formatKpi("visitors", 1234567)).toBe("1,234,567");
    expect(formatKpi("viewsPerVisit", 2.345)).toBe("2.35");
    expect(formatKpi("viewsPerVisit", 2)).toBe("2");
    expect(formatKpi("bounceRate", 41.6)).toBe("42%");
    expect(formatKpi("visitDuration", 92.2)).toBe("1m 32s");
    expect(formatKpiAxis("pageviews", 15300)).toBe("15.3K");
  });
});

describe("formatShare", () => {
  it("rounds, keeping tiny shares visible", () => {
    expect(formatShare(41.6)).toBe("42%");
    expect(formatShare(0.2)).toBe("<1%");
    expect(formatShare(0)).toBe("0%");
  });
});

describe("describeChange", () => {
  it("says how much and which way, and whether that is good", () => {
    expect(describeChange("visitors", 120, 100)).toEqual({ percent: 20, direction: "up", tone: "good" });
    expect(describeChange("visitors", 50, 100)).toEqual({ percent: 50, direction: "down", tone: "bad" });
    expect(describeChange("bounceRate", 30, 40)).toEqual({ percent: 25, direction: "down", tone: "good" });
    expect(describeChange("bounceRate", 50, 40)).toEqual({ percent: 25, direction: "up", tone: "bad" });
    expect(describeChange("visitDuration", 100, 100.2)).toEqual({ percent: 0, direction: "flat", tone: "neutral" });
  });

  it("has nothing to compare with an empty previous period", () => {
    expect(describeChange("visitors", 5, 0)).toBeNull();
    expect(describeChange("visitors", 0, 0)).toEqual({ percent: 0, direction: "flat", tone: "neutral" });
  });
});

describe("visitorShare", () => {
  it("is the percent of the range's visitors, capped at 100, and 0 without visitors", () => {
    expect(visitorShare(25, 200)).toBe(12.5);
    expect(visitorShare(3, 2)).toBe(100);
    expect(visitorShare(0, 0)).toBe(0);
  });
});
