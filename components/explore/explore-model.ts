import type { ResultColumn } from "@/lib/lake/browser";
import { addDays, localNow } from "@/lib/query/dashboard-url";

/** The ranges of history the Explore page offers; "all" is the default. */
export const EXPLORE_RANGES = [
  { id: "all", label: "All history" },
  { id: "12mo", label: "Last 12 months" },
  { id: "30d", label: "Last 30 days" },
] as const;

export type ExploreRange = (typeof EXPLORE_RANGES)[number]["id"];

/** The first local day "all history" asks for: before any site could have data. */
const ALL_HISTORY_FROM = "2000-01-01";

/** The local days (site's time zone) whose lake files a range loads; today's events come with the tail. */
export function exploreDays(range: ExploreRange, now: Date, timeZone: string): { from: string; to: string } {
  const today = localNow(now, timeZone).day;
  if (range === "30d") return { from: addDays(today, -29), to: today };
  if (range === "12mo") return { from: addDays(today, -364), to: today };
  return { from: ALL_HISTORY_FROM, to: today };
}

/** The query the editor starts with: top pages by unique visitors. */
export const DEFAULT_EXPLORE_SQL = `-- Top pages by unique visitors
SELECT path, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews
FROM events
WHERE name = 'pageview'
GROUP BY path
ORDER BY visitors DESC, path
LIMIT 20`;

export type ColumnKind = "number" | "time" | "text" | "other";

/** How a result column can be charted, by its DuckDB type. */
export function columnKind(type: string): ColumnKind {
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$/.test(type)) return "number";
  if (/^(DATE|TIMESTAMP( WITH TIME ZONE)?)$/.test(type)) return "time";
  if (type === "VARCHAR") return "text";
  return "other";
}

export type ChartChoice =
  | { kind: "line"; x: string; series: string[]; data: Record<string, string | number | null>[] }
  | { kind: "bar"; x: string; series: string[]; data: Record<string, string | number | null>[] }
  | { kind: "none" };

const MAX_SERIES = 4;
const MAX_BARS = 30;
const MAX_POINTS = 2000;

/**
 * The chart a result gets: a time column and numbers make a line chart
 * (ordered by time), one text column and numbers a bar chart (the result's
 * first rows, in its order); anything else none.
 */
export function chooseChart(columns: readonly ResultColumn[], rows: readonly Record<string, unknown>[]): ChartChoice {
  const kinds = columns.map((column) => ({ name: column.name, kind: columnKind(column.type) }));
  const series = kinds.filter((column) => column.kind === "number").map((column) => column.name).slice(0, MAX_SERIES);
  if (series.length === 0 || rows.length === 0) return { kind: "none" };
  const time = kinds.find((column) => column.kind === "time");
  const texts = kinds.filter((column) => column.kind === "text");
  const point = (x: string) => (row: Record<string, unknown>) => ({
    [x]: row[x] === null || row[x] === undefined ? null : String(row[x]),
    ...Object.fromEntries(series.map((name) => [name, toNumber(row[name])])),
  });
  if (time) {
    const data = rows
      .slice(0, MAX_POINTS)
      .map(point(time.name))
      .filter((row) => row[time.name] !== null)
      .sort((a, b) => String(a[time.name]).localeCompare(String(b[time.name])));
    return { kind: "line", x: time.name, series, data };
  }
  if (texts.length === 1) return { kind: "bar", x: texts[0]!.name, series, data: rows.slice(0, MAX_BARS).map(point(texts[0]!.name)) };
  return { kind: "none" };
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A cell's text in the results table. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A download's file name: `<site>-explore-<stamp>.<ext>`. */
export function downloadName(siteName: string, format: "csv" | "parquet", now: Date): string {
  const slug = siteName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "site";
  return `${slug}-explore-${now.toISOString().slice(0, 19).replace(/[-:T]/g, "")}.${format}`;
}
