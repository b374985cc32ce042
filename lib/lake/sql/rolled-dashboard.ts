import { DIMENSIONS, type BreakdownRow, type Dimension, type HourRange, type Interval, type Kpis, type SeriesPoint } from "@/lib/query/dashboard-model";
import { addDays } from "@/lib/query/dashboard-url";
import { byCodePoints, lakeBucketBreakdowns, lakeSeriesSums, pointOfSums, type BucketSums, type RunSql } from "./dashboard-sql";
import { DAY_ROLLUP_COLUMNS } from "./day-rollups";
import { quoteString } from "./sql-literal";

/**
 * The unfiltered dashboard of a long range from day rollups (day-rollups.ts)
 * where they answer, and from raw events where they do not: the whole
 * local days of the range that are "rolled" (their one listed file has a
 * rollup, nothing else holds events of theirs: see rolledDays) are summed
 * from the `day_rollups` view; the rest (cut edge days, days of micro files,
 * of the tail or reached over by a visitor id) is asked of the dashboard's
 * tables (dashboard-sql.ts) part by part. Sums add up across days, unique
 * visitors included, because a visitor id never spans a local midnight on a
 * rolled day, and the ratios are divided at the end as everywhere else.
 */

/** A listed file as far as rolling is concerned. */
export interface RollableFile {
  kind: string;
  /** Its local day (a monthly file: the month's first). */
  day: string;
  rollup: unknown | null;
}

/**
 * The local days `from`..`to` (both included) a rollup answers: exactly one
 * listed file holds the day's events, a daily or monthly one with a rollup,
 * and the day is not among `rawDays` (the tail's, those a visitor id reaches
 * over: lib/lake/lake-files-for-range.ts).
 */
export function rolledDays(files: readonly RollableFile[], rawDays: readonly string[], days: { from: string; to: string }): Set<string> {
  const raw = new Set(rawDays);
  const holders = new Map<string, RollableFile[]>();
  for (const file of files) {
    const key = file.kind === "monthly" ? file.day.slice(0, 7) : file.day;
    holders.set(key, [...(holders.get(key) ?? []), file]);
  }
  const rolled = new Set<string>();
  for (let day = days.from; day <= days.to; day = addDays(day, 1)) {
    const holding = [...(holders.get(day) ?? []), ...(holders.get(day.slice(0, 7)) ?? [])];
    if (holding.length === 1 && holding[0]!.kind !== "micro" && holding[0]!.rollup !== null && !raw.has(day)) rolled.add(day);
  }
  return rolled;
}

/** What a rolled dashboard needs of a listing (see planRolledLoad). */
export interface RolledLoad<File> {
  /** The rolled days of the ranges: their rollups are among `rollups`. */
  rolled: Set<string>;
  /** The files whose events the raw parts need. */
  files: File[];
  /** The files whose rollups answer rolled days of the ranges. */
  rollups: File[];
}

/**
 * Which files to load for dashboards of `ranges` (the range and its previous
 * period) from a listing of local days `days`: the rollups of the files
 * holding rolled days of the ranges, and the events of the files holding a
 * day of a raw part, or a day a visitor id of such a day reaches (the
 * runs of `rawDays` next to it), so its sessions are whole.
 */
export function planRolledLoad<File extends RollableFile>(
  listing: { files: readonly File[]; rawDays: readonly string[] },
  days: { from: string; to: string },
  ranges: readonly HourRange[],
): RolledLoad<File> {
  const rolled = rolledDays(listing.files, listing.rawDays, days);
  const mixed = new Set(listing.rawDays);
  const rawNeeded = new Set<string>();
  const rolledNeeded = new Set<string>();
  for (const range of ranges) {
    const split = splitRange(range, rolled);
    for (const day of split.days) rolledNeeded.add(day);
    for (const part of split.raw) {
      let first = part.from.slice(0, 10);
      let last = part.to.endsWith("T00:00") ? addDays(part.to.slice(0, 10), -1) : part.to.slice(0, 10);
      while (mixed.has(first) && mixed.has(addDays(first, -1))) first = addDays(first, -1);
      while (mixed.has(last) && mixed.has(addDays(last, 1))) last = addDays(last, 1);
      for (let day = first; day <= last; day = addDays(day, 1)) rawNeeded.add(day);
    }
  }
  const holds = (file: RollableFile, needed: ReadonlySet<string>) =>
    file.kind === "monthly" ? [...needed].some((day) => day.slice(0, 7) === file.day.slice(0, 7)) : needed.has(file.day);
  return {
    rolled: rolledNeeded,
    files: listing.files.filter((file) => holds(file, rawNeeded)),
    rollups: listing.files.filter((file) => file.rollup !== null && holds(file, rolledNeeded)),
  };
}

/** The statement that (re)creates `day_rollups` over the registered rollup files (DAY_ROLLUP_COLUMNS). */
export function dayRollupsViewSql(files: readonly string[]): string {
  if (files.length === 0) {
    const nulls = DAY_ROLLUP_COLUMNS.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(", ");
    return `CREATE OR REPLACE VIEW day_rollups AS SELECT ${nulls} WHERE false`;
  }
  return `CREATE OR REPLACE VIEW day_rollups AS SELECT ${DAY_ROLLUP_COLUMNS.map(([name]) => name).join(", ")} FROM read_parquet([${files.map(quoteString).join(", ")}])`;
}

/** A range cut into the whole rolled days it holds and the parts between them, read raw. */
export function splitRange(range: HourRange, rolled: ReadonlySet<string>): { days: string[]; raw: HourRange[] } {
  const days: string[] = [];
  const raw: HourRange[] = [];
  for (let day = range.from.slice(0, 10); `${day}T00:00` < range.to; day = addDays(day, 1)) {
    const start = `${day}T00:00`;
    const end = `${addDays(day, 1)}T00:00`;
    if (start >= range.from && end <= range.to && rolled.has(day)) {
      days.push(day);
      continue;
    }
    const part = { from: start > range.from ? start : range.from, to: end < range.to ? end : range.to };
    const last = raw.at(-1);
    if (last && last.to === part.from) last.to = part.to;
    else raw.push(part);
  }
  return { days, raw };
}

const dayList = (days: readonly string[]) => days.map((day) => `DATE ${quoteString(day)}`).join(", ");

const EMPTY_SUMS = { visitors: 0, visits: 0, pageviews: 0, events: 0, sessionPageviews: 0, bounces: 0, duration: 0 };

function addSums(into: BucketSums, sums: Omit<BucketSums, "bucket">): void {
  into.visitors += sums.visitors;
  into.visits += sums.visits;
  into.pageviews += sums.pageviews;
  into.events += sums.events;
  into.sessionPageviews += sums.sessionPageviews;
  into.bounces += sums.bounces;
  into.duration += sums.duration;
}

/** The sums of each local day of the range (a cut day under its day), from rollups and raw parts. */
async function daySums(run: RunSql, range: HourRange, rolled: ReadonlySet<string>): Promise<Map<string, Omit<BucketSums, "bucket">>> {
  const { days, raw } = splitRange(range, rolled);
  const byDay = new Map<string, Omit<BucketSums, "bucket">>();
  if (days.length > 0) {
    const rows = await run(`
      SELECT CAST(day AS VARCHAR) AS day, CAST(visitors AS DOUBLE) AS visitors, CAST(visits AS DOUBLE) AS visits, CAST(pageviews AS DOUBLE) AS pageviews,
        CAST(events AS DOUBLE) AS events, CAST(session_pageviews AS DOUBLE) AS session_pageviews, CAST(bounces AS DOUBLE) AS bounces, CAST(duration AS DOUBLE) AS duration
      FROM day_rollups WHERE dimension = '' AND day IN (${dayList(days)})`);
    for (const row of rows) {
      byDay.set(String(row.day), {
        visitors: Number(row.visitors),
        visits: Number(row.visits),
        pageviews: Number(row.pageviews),
        events: Number(row.events),
        sessionPageviews: Number(row.session_pageviews),
        bounces: Number(row.bounces),
        duration: Number(row.duration),
      });
    }
  }
  for (const part of raw) {
    for (const { bucket, ...sums } of await lakeSeriesSums(run, { range: part, filters: [] }, "day")) byDay.set(bucket.slice(0, 10), sums);
  }
  return byDay;
}

/** Where a local day falls among `interval`'s buckets of the range: the bucket's start, clipped to the range's. */
function bucketOfDay(day: string, interval: Exclude<Interval, "hour">, range: HourRange): string {
  let start = day;
  if (interval === "week") start = addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7)); // weeks start on Monday, as date_trunc's
  if (interval === "month") start = `${day.slice(0, 7)}-01`;
  const label = `${start}T00:00`;
  return label > range.from ? label : range.from;
}

/**
 * The range's headline numbers and its KPIs per bucket of `interval` (days,
 * weeks or months: rollups hold no hours; every bucket of the range
 * present), unfiltered, from one pass over its days.
 */
export async function rolledSummary(
  run: RunSql,
  range: HourRange,
  interval: Exclude<Interval, "hour">,
  rolled: ReadonlySet<string>,
): Promise<{ kpis: Kpis; series: SeriesPoint[] }> {
  const total: BucketSums = { bucket: range.from, ...EMPTY_SUMS };
  const buckets = new Map<string, BucketSums>();
  for (let day = range.from.slice(0, 10); `${day}T00:00` < range.to; day = addDays(day, 1)) {
    const bucket = bucketOfDay(day, interval, range);
    if (!buckets.has(bucket)) buckets.set(bucket, { bucket, ...EMPTY_SUMS });
  }
  for (const [day, sums] of await daySums(run, range, rolled)) {
    addSums(total, sums);
    addSums(buckets.get(bucketOfDay(day, interval, range))!, sums);
  }
  const { bucket: _bucket, ...kpis } = pointOfSums(total);
  return { kpis, series: [...buckets.values()].map(pointOfSums) };
}

/** The first `limit` rows of every dimension's breakdown of the range, unfiltered, ordered as lakeBreakdown orders them. */
export async function rolledBreakdowns(run: RunSql, range: HourRange, rolled: ReadonlySet<string>, options: { limit: number }): Promise<Record<Dimension, BreakdownRow[]>> {
  const { days, raw } = splitRange(range, rolled);
  const rows = new Map<string, BreakdownRow & { dimension: Dimension }>();
  const add = (dimension: Dimension, row: BreakdownRow) => {
    const id = `${dimension}\u0000${row.value}`;
    const into = rows.get(id);
    if (!into) rows.set(id, { dimension, ...row });
    else {
      into.visitors += row.visitors;
      into.visits += row.visits;
      into.pageviews += row.pageviews;
      into.events += row.events;
    }
  };
  if (days.length > 0) {
    const summed = await run(`
      SELECT dimension, value, CAST(sum(visitors) AS DOUBLE) AS visitors, CAST(sum(visits) AS DOUBLE) AS visits,
        CAST(sum(pageviews) AS DOUBLE) AS pageviews, CAST(sum(events) AS DOUBLE) AS events
      FROM day_rollups WHERE dimension <> '' AND day IN (${dayList(days)})
      GROUP BY dimension, value`);
    for (const row of summed) {
      add(row.dimension as Dimension, { value: String(row.value), visitors: Number(row.visitors), visits: Number(row.visits), pageviews: Number(row.pageviews), events: Number(row.events) });
    }
  }
  for (const part of raw) {
    for (const { bucket: _bucket, dimension, ...row } of await lakeBucketBreakdowns(run, { range: part, filters: [] })) add(dimension, row);
  }
  const result = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, [] as BreakdownRow[]])) as Record<Dimension, BreakdownRow[]>;
  for (const { dimension, ...row } of rows.values()) result[dimension].push(row);
  for (const dimension of DIMENSIONS) {
    result[dimension] = result[dimension].sort((a, b) => b.visitors - a.visitors || byCodePoints(a.value, b.value)).slice(0, Math.max(0, options.limit));
  }
  return result;
}
