import {
  DIMENSIONS,
  INTERVALS,
  SESSION_DIMENSIONS,
  type BreakdownRow,
  type DashboardQuery,
  type Dimension,
  type Filter,
  type Interval,
  type Kpis,
  type PropertyRow,
  type SeriesPoint,
  type SessionDimension,
} from "@/lib/query/dashboard-model";
import { readPropertyValues } from "./read-property-values";
import { hourLiteral, quoteString } from "./sql-literal";
import { sessionsSql } from "./views";

/**
 * The dashboard over the lake, in DuckDB-WASM: the same answers as the
 * server's SQL over the read models (lib/query/dashboard.ts), by the rules
 * of lib/query/dashboard-model.ts, computed from raw events.
 *
 * `dashboardTablesSql` copies the views (views.ts) once into two tables,
 * every event with its session's dimensions and every session, so the
 * dozens of queries of one dashboard do not each read the files and cut
 * sessions again. They are plain tables, created where the views are (a
 * SiteLake's own schema, dropped when it closes). Every query below reads those tables; all of a
 * dashboard's ranges must lie inside the days whose files were registered,
 * with a day to spare before the earliest (see views.ts on sessions).
 *
 * A query's numbers come from one CTE chain (keptSql):
 *   hits           the range's events of the sessions that pass the session filters,
 *                  each with its chart bucket
 *   kept           those that pass the page and event filters, of sessions that
 *                  (with such filters) hold a passing pageview / custom event in
 *                  the same bucket
 *   kept_sessions  the sessions starting in the range that pass the filters, in
 *                  the bucket they start in
 */

/** Runs one statement and answers its rows (the browser's SiteLake.query, or a test's DuckDB). */
export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>;

const EVENTS_TABLE = "dashboard_events";
const SESSIONS_TABLE = "dashboard_sessions";

/** The columns of events_in_sessions the dashboard's tables are made of. */
const SESSION_SOURCE_COLUMNS = [
  "visitor_id", "seq", "ts", "local_ts", "name", "path", "props", "session_start_ts", "visitor_event_number",
  "referrer", "referrer_host", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
  "country", "region", "city", "browser", "os", "device_type", "screen_width",
];

/** The statements that (re)build the dashboard's tables from the views; run them after analyticsViewsSql. */
export function dashboardTablesSql(): string[] {
  const dimensions = SESSION_DIMENSIONS.map((dimension) => `s.${dimension}`).join(", ");
  return [
    // Only the columns used below: each column of each file is a read of its own.
    `CREATE OR REPLACE TABLE dashboard_session_events AS SELECT ${SESSION_SOURCE_COLUMNS.join(", ")} FROM events_in_sessions`,
    `CREATE OR REPLACE TABLE ${SESSIONS_TABLE} AS ${sessionsSql("dashboard_session_events")}`,
    `CREATE OR REPLACE TABLE ${EVENTS_TABLE} AS
      SELECT e.visitor_id, e.session_start_ts, s.start_local_ts AS session_start_local_ts, e.local_ts, e.visitor_event_number,
        e.name = 'pageview' AS is_pageview, e.name, e.path, e.props, ${dimensions}
      FROM dashboard_session_events e JOIN ${SESSIONS_TABLE} s ON s.visitor_id = e.visitor_id AND s.start_ts = e.session_start_ts`,
    `DROP TABLE dashboard_session_events`,
  ];
}

const sessionDimensions: ReadonlySet<string> = new Set(SESSION_DIMENSIONS);

function isSessionDimension(dimension: Dimension): dimension is SessionDimension {
  return sessionDimensions.has(dimension);
}

/** `column` tested by `filter`; the dimension names a column only after it is checked against the model's list. */
function matches(column: string, filter: Filter): string {
  switch (filter.operator) {
    case "is":
      return `${column} = ${quoteString(filter.value)}`;
    case "is_not":
      return `${column} <> ${quoteString(filter.value)}`;
    case "contains":
      return `contains(lower(${column}), ${quoteString(filter.value.toLowerCase())})`;
  }
}

function all(conditions: string[]): string {
  return conditions.length === 0 ? "true" : conditions.map((condition) => `(${condition})`).join(" AND ");
}

/** A query's range and filters as SQL over the dashboard's tables (for keptSql). */
export interface Plan {
  from: string;
  to: string;
  /** On a row of either table: the session-dimension filters. */
  session: string;
  /** On an event row: the page filters (for pageviews) and event filters (for custom events). */
  page?: string;
  event?: string;
}

export function planQuery(query: DashboardQuery): Plan {
  const { range, filters } = query;
  for (const filter of filters) {
    if (!DIMENSIONS.includes(filter.dimension)) throw new RangeError(`unknown dimension ${JSON.stringify(filter.dimension)}`);
  }
  const from = hourLiteral(range.from);
  const to = hourLiteral(range.to);
  const byDimension = (dimension: Dimension, column: string) =>
    filters.filter((filter) => filter.dimension === dimension).map((filter) => matches(column, filter));
  const page = byDimension("page", "path");
  const event = byDimension("event", "name");
  return {
    from,
    to,
    session: all(filters.filter((filter) => isSessionDimension(filter.dimension)).map((filter) => matches(filter.dimension, filter))),
    page: page.length > 0 ? all(page) : undefined,
    event: event.length > 0 ? all(event) : undefined,
  };
}

/** The shared CTEs (see the file's comment), goals and funnels' too (conversions-sql.ts); `bucket` maps a local TIMESTAMP expression to its bucket. */
export function keptSql(plan: Plan, bucket: (local: string) => string): string {
  const perBucket = "PARTITION BY visitor_id, session_start_ts, bucket";
  const hitFilters = plan.page !== undefined || plan.event !== undefined;
  return `
    hits AS (
      SELECT visitor_id, session_start_ts, session_start_local_ts, visitor_event_number, is_pageview, name, path, props, ${bucket("local_ts")} AS bucket
      FROM ${EVENTS_TABLE}
      WHERE local_ts >= ${plan.from} AND local_ts < ${plan.to} AND ${plan.session}
    ),
    marked AS (
      SELECT *,
        CASE WHEN is_pageview THEN ${plan.page ?? "true"} ELSE ${plan.event ?? "true"} END AS passes
        ${plan.page ? `, bool_or(is_pageview AND ${plan.page}) OVER (${perBucket}) AS has_page` : ""}
        ${plan.event ? `, bool_or(NOT is_pageview AND ${plan.event}) OVER (${perBucket}) AS has_event` : ""}
      FROM hits
    ),
    kept AS (
      SELECT * FROM marked WHERE passes ${plan.page ? "AND has_page" : ""} ${plan.event ? "AND has_event" : ""}
    ),
    kept_sessions AS (
      SELECT s.visitor_id, s.start_ts, s.pageviews, s.bounce, s.duration_seconds, ${bucket("s.start_local_ts")} AS bucket
      FROM ${SESSIONS_TABLE} s
      WHERE s.start_local_ts >= ${plan.from} AND s.start_local_ts < ${plan.to} AND ${plan.session}
        ${hitFilters ? `AND EXISTS (SELECT 1 FROM kept k WHERE k.visitor_id = s.visitor_id AND k.session_start_ts = s.start_ts AND k.bucket = ${bucket("s.start_local_ts")})` : ""}
    )`;
}

const LABEL_FORMAT = "'%Y-%m-%dT%H:00'";

/**
 * Counts and sums as DOUBLE: exact far beyond any site's numbers, and a plain
 * JS number in every client (BIGINT comes back as bigint, a sum's HUGEINT as
 * something worse), whatever the caller's row conversion.
 */
function asNumbers(columns: string[]): string {
  return columns.map((column) => `CAST(${column} AS DOUBLE) AS ${column.replace(/^[a-z]\./, "")}`).join(", ");
}

function toInt(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/**
 * A bucket's sums: unlike the KPIs' ratios they add up across buckets, over
 * whole local days even the visitors (a visitor id never spans a local
 * midnight), which is what day rollups (day-rollups.ts) rely on.
 */
export interface BucketSums {
  bucket: string;
  visitors: number;
  visits: number;
  pageviews: number;
  /** Custom events. */
  events: number;
  /** The pageviews of the visits that start in the bucket, and their bounces and seconds. */
  sessionPageviews: number;
  bounces: number;
  duration: number;
}

function toSums(row: Record<string, unknown>): BucketSums {
  return {
    bucket: String(row.bucket),
    visitors: toInt(row.visitors),
    visits: toInt(row.visits),
    pageviews: toInt(row.pageviews),
    events: toInt(row.events),
    sessionPageviews: toInt(row.session_pageviews),
    bounces: toInt(row.bounces),
    duration: toInt(row.duration),
  };
}

/** The KPIs from a bucket's sums, divided as the server divides them. */
export function pointOfSums(sums: BucketSums): SeriesPoint {
  const { bucket, visitors, visits, pageviews } = sums;
  const ratio = (value: number, scale = 1) => (visits === 0 ? 0 : (scale * value) / visits);
  return { bucket, visitors, visits, pageviews, viewsPerVisit: ratio(sums.sessionPageviews), bounceRate: ratio(sums.bounces, 100), visitDuration: ratio(sums.duration) };
}

/** The sums per row of `buckets` (a SELECT of one column `bucket`), in bucket order. */
function totalsSql(plan: Plan, bucket: (local: string) => string, buckets: string): string {
  return `
    WITH ${keptSql(plan, bucket)},
    hit_totals AS (
      SELECT bucket, count(DISTINCT visitor_id) AS visitors, count(*) FILTER (WHERE is_pageview) AS pageviews, count(*) FILTER (WHERE NOT is_pageview) AS events
      FROM kept GROUP BY bucket
    ),
    session_totals AS (
      SELECT bucket, count(*) AS visits, sum(pageviews) AS session_pageviews, count(*) FILTER (WHERE bounce) AS bounces, sum(duration_seconds) AS duration
      FROM kept_sessions GROUP BY bucket
    ),
    buckets AS (${buckets})
    SELECT strftime(b.bucket, ${LABEL_FORMAT}) AS bucket, ${asNumbers(["h.visitors", "h.pageviews", "h.events", "t.visits", "t.session_pageviews", "t.bounces", "t.duration"])}
    FROM buckets b LEFT JOIN hit_totals h ON h.bucket = b.bucket LEFT JOIN session_totals t ON t.bucket = b.bucket
    ORDER BY b.bucket`;
}

/** The headline numbers of `query`. */
export async function lakeKpis(run: RunSql, query: DashboardQuery): Promise<Kpis> {
  const plan = planQuery(query);
  const [row] = await run(totalsSql(plan, () => plan.from, `SELECT ${plan.from} AS bucket`));
  const { bucket: _bucket, ...kpis } = pointOfSums(toSums(row!));
  return kpis;
}

/** A local timestamp's bucket of `interval`, clipped to the range's start. */
function bucketOf(plan: Plan, interval: Interval): (local: string) => string {
  return (local) => `greatest(date_trunc('${interval}', ${local}), ${plan.from})`;
}

/** The sums per local bucket of `interval`, every bucket of the range present, clipped to its start. */
export async function lakeSeriesSums(run: RunSql, query: DashboardQuery, interval: Interval): Promise<BucketSums[]> {
  if (!INTERVALS.includes(interval)) throw new RangeError(`unknown interval ${JSON.stringify(interval)}`);
  const plan = planQuery(query);
  const buckets = `
    SELECT greatest(g, ${plan.from}) AS bucket
    FROM generate_series(date_trunc('${interval}', ${plan.from}), ${plan.to}, INTERVAL '1 ${interval}') AS t(g)
    WHERE g < ${plan.to}`;
  return (await run(totalsSql(plan, bucketOf(plan, interval), buckets))).map(toSums);
}

/** The KPIs per local bucket of `interval`, every bucket of the range present, clipped to its start. */
export async function lakeSeries(run: RunSql, query: DashboardQuery, interval: Interval): Promise<SeriesPoint[]> {
  return (await lakeSeriesSums(run, query, interval)).map(pointOfSums);
}

function toBreakdownRow(row: Record<string, unknown>): BreakdownRow {
  return { value: String(row.value), visitors: toInt(row.visitors), visits: toInt(row.visits), pageviews: toInt(row.pageviews), events: toInt(row.events) };
}

/** `LIMIT/OFFSET` as a window condition on `position` (1-based). */
function positionWindow(options: { limit?: number; offset?: number }): string {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
  return `position > ${offset}${limit === undefined ? "" : ` AND position <= ${offset + limit}`}`;
}

interface BreakdownOptions {
  limit?: number;
  offset?: number;
  /** Rows per bucket of this interval (days, for day rollups); without it the whole range is one bucket. */
  interval?: Interval;
}

function breakdownBucket(plan: Plan, options: BreakdownOptions): (local: string) => string {
  if (options.interval === undefined) return () => plan.from;
  if (!INTERVALS.includes(options.interval)) throw new RangeError(`unknown interval ${JSON.stringify(options.interval)}`);
  return bucketOf(plan, options.interval);
}

/**
 * Session dimensions, several at once: the kept events summed per session
 * and bucket, grouped by each dimension in turn (GROUPING SETS). A session
 * that starts in the range has kept events there, so every visit is among
 * these rows; it counts in the bucket it starts in.
 */
function sessionBreakdownsSql(plan: Plan, dimensions: readonly SessionDimension[], options: BreakdownOptions): string {
  const bucket = breakdownBucket(plan, options);
  const which = dimensions.map((dimension) => `WHEN grouping(${dimension}) = 0 THEN '${dimension}'`).join(" ");
  return `
    WITH ${keptSql(plan, bucket)},
    per_session AS (
      SELECT visitor_id, session_start_ts, session_start_local_ts, bucket,
        count(*) FILTER (WHERE is_pageview) AS pageviews, count(*) FILTER (WHERE NOT is_pageview) AS events
      FROM kept GROUP BY visitor_id, session_start_ts, session_start_local_ts, bucket
    ),
    grouped AS (
      SELECT p.bucket, CASE ${which} END AS dimension, coalesce(${dimensions.join(", ")}) AS value,
        count(DISTINCT p.visitor_id) AS visitors,
        count(*) FILTER (WHERE ${startsInBucket(plan, bucket, "p")}) AS visits,
        sum(p.pageviews) AS pageviews, sum(p.events) AS events
      FROM per_session p JOIN ${SESSIONS_TABLE} s ON s.visitor_id = p.visitor_id AND s.start_ts = p.session_start_ts
      GROUP BY GROUPING SETS (${dimensions.map((dimension) => `(p.bucket, ${dimension})`).join(", ")})
    )
    SELECT strftime(bucket, ${LABEL_FORMAT}) AS bucket, dimension, value, ${asNumbers(["visitors", "visits", "pageviews", "events"])} FROM (
      SELECT *, row_number() OVER (PARTITION BY bucket, dimension ORDER BY visitors DESC, value) AS position FROM grouped
    ) WHERE ${positionWindow(options)}
    ORDER BY bucket, dimension, position`;
}

/** On a per-session row `alias` of bucket `bucket`: the session starts in the range, in that bucket. */
function startsInBucket(plan: Plan, bucket: (local: string) => string, alias: string): string {
  const start = `${alias}.session_start_local_ts`;
  return `${start} >= ${plan.from} AND ${start} < ${plan.to} AND ${bucket(start)} = ${alias}.bucket`;
}

/**
 * Pages and custom events: a value's sessions are the kept sessions with a
 * kept event of that value (in the bucket), and the other kind's kept events
 * count within those.
 */
function hitBreakdownSql(plan: Plan, kind: "page" | "event", options: BreakdownOptions): string {
  const bucket = breakdownBucket(plan, options);
  const mine = kind === "page" ? "is_pageview" : "NOT is_pageview";
  const value = kind === "page" ? "path" : "name";
  return `
    WITH ${keptSql(plan, bucket)},
    per_session AS (
      SELECT ${value} AS value, visitor_id, session_start_ts, any_value(session_start_local_ts) AS session_start_local_ts, bucket,
        count(*) AS hits, max(other_hits) AS other_hits
      FROM (SELECT *, count(*) FILTER (WHERE NOT (${mine})) OVER (PARTITION BY visitor_id, session_start_ts, bucket) AS other_hits FROM kept)
      WHERE ${mine}
      GROUP BY ${value}, visitor_id, session_start_ts, bucket
    ),
    grouped AS (
      SELECT p.bucket, p.value, count(DISTINCT p.visitor_id) AS visitors,
        count(*) FILTER (WHERE ${startsInBucket(plan, bucket, "p")}) AS visits,
        sum(p.hits) AS hits, sum(p.other_hits) AS other_hits
      FROM per_session p GROUP BY p.bucket, p.value
    )
    SELECT strftime(bucket, ${LABEL_FORMAT}) AS bucket, value, CAST(visitors AS DOUBLE) AS visitors, CAST(visits AS DOUBLE) AS visits,
      CAST(${kind === "page" ? "hits" : "other_hits"} AS DOUBLE) AS pageviews, CAST(${kind === "page" ? "other_hits" : "hits"} AS DOUBLE) AS events
    FROM (SELECT *, row_number() OVER (PARTITION BY bucket ORDER BY visitors DESC, value) AS position FROM grouped)
    WHERE ${positionWindow(options)}
    ORDER BY bucket, position`;
}

/** One dimension's rows, ordered by visitors (most first), then value in code-point order; `limit` undefined = all. */
export async function lakeBreakdown(
  run: RunSql,
  query: DashboardQuery,
  dimension: Dimension,
  options: { limit?: number; offset?: number } = {},
): Promise<BreakdownRow[]> {
  const plan = planQuery(query);
  if (isSessionDimension(dimension)) return (await run(sessionBreakdownsSql(plan, [dimension], options))).map(toBreakdownRow);
  if (dimension !== "page" && dimension !== "event") throw new RangeError(`unknown dimension ${JSON.stringify(dimension)}`);
  return (await run(hitBreakdownSql(plan, dimension, options))).map(toBreakdownRow);
}

/** A breakdown row of one bucket and dimension. */
export interface BucketBreakdownRow extends BreakdownRow {
  bucket: string;
  dimension: Dimension;
}

/**
 * Every dimension's breakdown rows per bucket (the first `limit` of each, as
 * lakeBreakdown orders them; all without a limit), in bucket order; the
 * session dimensions share one query.
 */
export async function lakeBucketBreakdowns(run: RunSql, query: DashboardQuery, options: BreakdownOptions = {}): Promise<BucketBreakdownRow[]> {
  const plan = planQuery(query);
  const [bySession, page, event] = await Promise.all([
    run(sessionBreakdownsSql(plan, SESSION_DIMENSIONS, options)),
    run(hitBreakdownSql(plan, "page", options)),
    run(hitBreakdownSql(plan, "event", options)),
  ]);
  const rows = (dimension: (row: Record<string, unknown>) => Dimension) => (row: Record<string, unknown>) => ({
    bucket: String(row.bucket),
    dimension: dimension(row),
    ...toBreakdownRow(row),
  });
  return [...bySession.map(rows((row) => row.dimension as SessionDimension)), ...page.map(rows(() => "page")), ...event.map(rows(() => "event"))];
}

/** The first `limit` rows of every dimension's breakdown, as lakeBreakdown orders them. */
export async function lakeBreakdowns(run: RunSql, query: DashboardQuery, options: { limit: number }): Promise<Record<Dimension, BreakdownRow[]>> {
  const result = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, [] as BreakdownRow[]])) as Record<Dimension, BreakdownRow[]>;
  for (const { bucket: _bucket, dimension, ...row } of await lakeBucketBreakdowns(run, query, options)) result[dimension].push(row);
  return result;
}

/**
 * The property keys and values of custom event `eventName`, most visitors
 * first. The browser's DuckDB has no JSON functions: SQL hands over each
 * visitor's distinct property texts with their counts, and they are read here.
 */
export async function lakeProperties(run: RunSql, query: DashboardQuery, eventName: string): Promise<PropertyRow[]> {
  const plan = planQuery({ ...query, filters: [...query.filters, { dimension: "event", operator: "is", value: eventName }] });
  const rows = await run(`
    WITH ${keptSql(plan, () => plan.from)}
    SELECT visitor_id, props, CAST(count(*) AS DOUBLE) AS events FROM kept
    WHERE NOT is_pageview AND props IS NOT NULL
    GROUP BY visitor_id, props`);
  const byProperty = new Map<string, { key: string; value: string; visitors: Set<string>; events: number }>();
  for (const row of rows) {
    const count = toInt(row.events);
    for (const [key, value] of readPropertyValues(String(row.props))) {
      const id = `${key}\u0000${value}`;
      const entry = byProperty.get(id) ?? { key, value, visitors: new Set<string>(), events: 0 };
      entry.visitors.add(String(row.visitor_id));
      entry.events += count;
      byProperty.set(id, entry);
    }
  }
  return [...byProperty.values()]
    .map(({ key, value, visitors, events }) => ({ key, value, visitors: visitors.size, events }))
    .sort((a, b) => b.visitors - a.visitors || b.events - a.events || byCodePoints(a.key, b.key) || byCodePoints(a.value, b.value));
}

/** Code-point order, as DuckDB and Postgres's "C" collation compare text (`<` compares UTF-16 units). */
export function byCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
