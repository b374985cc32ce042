import { describe, expect, it } from "vitest";
import { chooseChart, columnKind, downloadName, exploreDays, formatBytes, formatCell } from "./explore-model";

describe("exploreDays", () => {
  const now = new Date("2026-03-01T02:30:00Z");
  it("counts days in the site's time zone", () => {
    expect(exploreDays("30d", now, "UTC")).toEqual({ from: "2026-01-31", to: "2026-03-01" });
    // Still 28 February in New York.
    expect(exploreDays("30d", now, "America/New_York")).toEqual({ from: "2026-01-30", to: "2026-02-28" });
    expect(exploreDays("12mo", now, "UTC")).toEqual({ from: "2025-03-02", to: "2026-03-01" });
    expect(exploreDays("all", now, "UTC")).toEqual({ from: "2000-01-01", to: "2026-03-01" });
  });
});

describe("chooseChart", () => {
  it("draws a line over time, ordered by time, with numbers from decimal text", () => {
    const chart = chooseChart(
      [
        { name: "day", type: "DATE" },
        { name: "visitors", type: "BIGINT" },
        { name: "revenue", type: "DECIMAL(38,0)" },
      ],
      [
        { day: "2026-01-02", visitors: 3, revenue: "123456789012345678" },
        { day: "2026-01-01", visitors: 5, revenue: 7 },
      ],
    );
    expect(chart).toEqual({
      kind: "line",
      x: "day",
      series: ["visitors", "revenue"],
      data: [
        { day: "2026-01-01", visitors: 5, revenue: 7 },
        { day: "2026-01-02", visitors: 3, revenue: 123456789012345678 },
      ],
    });
  });

  it("draws bars for one text column and numbers, in the result's order", () => {
    const chart = chooseChart(
      [
        { name: "path", type: "VARCHAR" },
        { name: "visitors", type: "BIGINT" },
      ],
      [
        { path: "/b", visitors: 9 },
        { path: null, visitors: 1 },
      ],
    );
    expect(chart).toMatchObject({ kind: "bar", x: "path", series: ["visitors"], data: [{ path: "/b", visitors: 9 }, { path: null, visitors: 1 }] });
  });

  it("draws nothing without numbers, with two text columns, or without rows", () => {
    expect(chooseChart([{ name: "path", type: "VARCHAR" }], [{ path: "/" }]).kind).toBe("none");
    const twoTexts = [
      { name: "country", type: "VARCHAR" },
      { name: "path", type: "VARCHAR" },
      { name: "n", type: "BIGINT" },
    ];
    expect(chooseChart(twoTexts, [{ country: "DE", path: "/", n: 1 }]).kind).toBe("none");
    expect(chooseChart([{ name: "n", type: "BIGINT" }], []).kind).toBe("none");
  });

  it("classifies DuckDB types", () => {
    expect(["BIGINT", "UBIGINT", "DOUBLE", "DECIMAL(18,2)", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE", "VARCHAR", "BOOLEAN", "INTEGER[]"].map(columnKind)).toEqual([
      "number",
      "number",
      "number",
      "number",
      "time",
      "time",
      "time",
      "text",
      "other",
      "other",
    ]);
  });
});

describe("formatting", () => {
  it("writes sizes, cells and file names", () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(12 * 1024 * 1024)]).toEqual(["512 B", "1.5 KB", "12 MB"]);
    expect([formatCell(null), formatCell([1, 2]), formatCell("x"), formatCell(3)]).toEqual(["NULL", "[1,2]", "x", "3"]);
    expect(downloadName("Ada's Site!", "csv", new Date("2026-01-02T03:04:05Z"))).toBe("ada-s-site-explore-20260102030405.csv");
  });
});
