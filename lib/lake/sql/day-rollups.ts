import type { Dimension } from "@/lib/query/dashboard-model";
import { addDays } from "@/lib/query/dashboard-url";
import { lakeBucketBreakdowns, lakeSeriesSums, type BucketSums, type RunSql } from "./dashboard-sql";

/**
 * Day rollups: a closed lake file's unfiltered dashboard, one local day at a
 * time, written beside the file (lib/lake/day-rollup-files.ts) so a browser
 * answers a long range's KPIs, chart and panels from a few rows a day
 * instead of cutting sessions from every event.
 *
 * A day's rows are what the lake dashboard (dashboard-sql.ts) answers for the
 * range of that whole day, computed by the same SQL, so the two paths cannot
 * disagree on what a number means. Days add up exactly, unique visitors
 * included: the collector hashes the local day into the visitor id, so no
 * visitor (and no session) reaches over a local midnight. Days where one
 * does (imports, a zone change: `multi_day_visitors`) must be read raw.
 */

/** Bumped when the rows' meaning or columns change; readers skip rollups of another version. */
export const DAY_ROLLUP_VERSION = 1;

/** One row of a day rollup: the day's totals (dimension '') or one breakdown row. */
export interface DayRollupRow extends Omit<BucketSums, "bucket"> {
  /** The local day, YYYY-MM-DD. */
  day: string;
  /** '' for the day's totals (value '' too), else the breakdown's dimension. */
  dimension: Dimension | "";
  value: string;
}

/** The Parquet columns of a rollup file, in order, with their DuckDB types. */
export const DAY_ROLLUP_COLUMNS = [
  ["day", "DATE"],
  ["dimension", "VARCHAR"],
  ["value", "VARCHAR"],
  ["visitors", "BIGINT"],
  ["visits", "BIGINT"],
  ["pageviews", "BIGINT"],
  ["events", "BIGINT"],
  ["session_pageviews", "BIGINT"],
  ["bounces", "BIGINT"],
  ["duration", "BIGINT"],
] as const;

/**
 * The rollup rows of local days `first`..`last` (both included) of the
 * events `run` sees (its dashboard tables, dashboardTablesSql), the totals
 * first. Days without events have no rows; a breakdown
 * row carries no session sums (they are the totals').
 */
export async function computeDayRollups(run: RunSql, days: { first: string; last: string }): Promise<DayRollupRow[]> {
  const query = { range: { from: `${days.first}T00:00`, to: `${addDays(days.last, 1)}T00:00` }, filters: [] };
  const [sums, breakdowns] = await Promise.all([lakeSeriesSums(run, query, "day"), lakeBucketBreakdowns(run, query, { interval: "day" })]);
  const rows: DayRollupRow[] = [];
  for (const { bucket, ...totals } of sums) {
    if (totals.visits + totals.pageviews + totals.events > 0) rows.push({ day: bucket.slice(0, 10), dimension: "", value: "", ...totals });
  }
  for (const { bucket, dimension, value, visitors, visits, pageviews, events } of breakdowns) {
    rows.push({ day: bucket.slice(0, 10), dimension, value, visitors, visits, pageviews, events, sessionPageviews: 0, bounces: 0, duration: 0 });
  }
  return rows;
}
