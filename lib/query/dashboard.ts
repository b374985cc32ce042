import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import {
  DIMENSIONS,
  SESSION_DIMENSIONS,
  type BreakdownRow,
  type DashboardQuery,
  type Dimension,
  type Interval,
  type Kpis,
  type PropertyRow,
  type SeriesPoint,
  type SessionDimension,
} from "./dashboard-model";
import { isSessionDimension, joinSessions, keptCtes, planQuery, wholeRange, type DashboardSite, type QueryPlan } from "./query-plan";
import { addTotals, breakdownDays, dailyBreakdowns, splitIntoWholeDays, sumDailyTotals, toTotalsSums, type TotalsSums } from "./whole-days";

/**
 * The dashboard's numbers, from the `sessions` and `hourly_hits` read models,
 * by the rules in dashboard-model.ts. Every function takes a site the caller
 * has already been allowed to read (lib/access).
 *
 * Whole days come from the `daily_stats` rollup or straight from `sessions`
 * where the filters allow (whole-days.ts); everything else shares the CTEs of
 * query-plan.ts.
 */

export async function getKpis(db: Database, site: DashboardSite, query: DashboardQuery): Promise<Kpis> {
  const plan = planQuery(site, query);
  const [totals] = await queryTotals(db, plan, () => sql`${plan.from}::timestamp`, sql`SELECT ${plan.from}::timestamp AS bucket`);
  return totals!;
}

/** The KPIs per bucket of `interval`, every bucket of the range present. */
export async function getSeries(db: Database, site: DashboardSite, query: DashboardQuery, interval: Interval): Promise<SeriesPoint[]> {
  const plan = planQuery(site, query);
  const unit = sql.raw(`'${interval}'`);
  const bucket = (hour: SQL) => sql`greatest(date_trunc(${unit}, ${hour}), ${plan.from}::timestamp)`;
  const buckets = sql`
    SELECT greatest(g, ${plan.from}::timestamp) AS bucket
    FROM generate_series(date_trunc(${unit}, ${plan.from}::timestamp), ${plan.to}::timestamp, ${sql.raw(`interval '1 ${interval}'`)}) AS g
    WHERE g < ${plan.to}::timestamp`;
  return queryTotals(db, plan, bucket, buckets, interval !== "hour");
}

/** Rows ordered by visitors desc, then value asc; `limit` undefined = all. */
export async function getBreakdown(
  db: Database,
  site: DashboardSite,
  query: DashboardQuery,
  dimension: Dimension,
  options: { limit?: number; offset?: number } = {},
): Promise<BreakdownRow[]> {
  const plan = planQuery(site, query);
  const days = await breakdownDays(db, plan);
  if (days) return (await dailyBreakdowns(db, plan, days, [dimension], options))[dimension];
  if (isSessionDimension(dimension)) return (await sessionBreakdowns(db, plan, [dimension], options))[dimension];
  return hitBreakdown(db, plan, dimension, options);
}

/** The first `limit` rows of every dimension's breakdown, as getBreakdown orders them; the session dimensions share one query. */
export async function getBreakdowns(
  db: Database,
  site: DashboardSite,
  query: DashboardQuery,
  options: { limit: number },
): Promise<Record<Dimension, BreakdownRow[]>> {
  const plan = planQuery(site, query);
  const days = await breakdownDays(db, plan);
  if (days) return dailyBreakdowns(db, plan, days, DIMENSIONS, options);
  const [bySession, page, event] = await Promise.all([
    sessionBreakdowns(db, plan, SESSION_DIMENSIONS, options),
    hitBreakdown(db, plan, "page", options),
    hitBreakdown(db, plan, "event", options),
  ]);
  return { ...bySession, page, event };
}

/** The property keys and values of custom event `eventName`, most visitors first. */
export async function getProperties(db: Database, site: DashboardSite, query: DashboardQuery, eventName: string): Promise<PropertyRow[]> {
  const plan = planQuery(site, { ...query, filters: [...query.filters, { dimension: "event", operator: "is", value: eventName }] });
  const rows = await queryRows<{ key: string; value: string; visitors: string; events: string }>(
    db,
    sql`
      WITH ${pageQualifiedSessions(plan)}
      SELECT h.prop_key AS key, h.prop_value AS value, count(DISTINCT h.visitor_id) AS visitors, sum(h.hits) AS events
      FROM hourly_hits h ${plan.session ? joinSessions : sql``}
      WHERE h.site_id = ${plan.siteId}::uuid AND h.kind = 'prop' AND h.hour_local >= ${plan.from}::timestamp AND h.hour_local < ${plan.to}::timestamp
        AND ${plan.event!} ${plan.session ? sql`AND ${plan.session}` : sql``}
        ${plan.page ? sql`AND (h.visitor_id, h.session_start) IN (SELECT visitor_id, session_start FROM page_qualified)` : sql``}
      GROUP BY h.prop_key, h.prop_value
      ORDER BY visitors DESC, h.prop_key COLLATE "C", h.prop_value COLLATE "C"`,
  );
  return rows.map((row) => ({ key: row.key, value: row.value, visitors: Number(row.visitors), events: Number(row.events) }));
}

// ---------------------------------------------------------------------------

/**
 * The KPIs per row of `buckets`: from the rollup for whole days and the
 * exact path for the rest (whole-days.ts), or all from the exact path.
 * The rollup has no hours: `byDay` says whether a bucket is whole days.
 */
async function queryTotals(db: Database, plan: QueryPlan, bucket: (hour: SQL) => SQL, buckets: SQL, byDay = true): Promise<SeriesPoint[]> {
  const split = byDay ? await splitIntoWholeDays(db, plan) : undefined;
  const parts = split
    ? [
        sumDailyTotals(db, plan, split.days, bucket, buckets),
        ...split.partial.map((range) => sumExactTotals(db, { ...plan, ...range }, bucket, buckets)),
      ]
    : [sumExactTotals(db, plan, bucket, buckets)];
  return addTotals(await Promise.all(parts)).map((sums) => {
    const ratio = (value: number, scale = 1) => (sums.visits === 0 ? 0 : (scale * value) / sums.visits);
    return {
      bucket: sums.bucket,
      visitors: sums.visitors,
      visits: sums.visits,
      pageviews: sums.pageviews,
      viewsPerVisit: ratio(sums.sessionPageviews),
      bounceRate: ratio(sums.bounces, 100),
      visitDuration: ratio(sums.duration),
    };
  });
}

/** The sums per row of `buckets` over the read models' rows, any range and filters. */
async function sumExactTotals(db: Database, plan: QueryPlan, bucket: (hour: SQL) => SQL, buckets: SQL): Promise<TotalsSums[]> {
  const rows = await queryRows<Record<keyof TotalsSums, string>>(
    db,
    sql`
      WITH ${keptCtes(plan, bucket)},
      hit_totals AS (
        SELECT bucket, count(DISTINCT visitor_id) AS visitors, coalesce(sum(hits) FILTER (WHERE kind = 'page'), 0) AS pageviews
        FROM kept GROUP BY bucket
      ),
      session_totals AS (
        SELECT bucket, count(*) AS visits, sum(pageviews) AS session_pageviews, count(*) FILTER (WHERE bounce) AS bounces, sum(duration_seconds) AS duration
        FROM kept_sessions GROUP BY bucket
      ),
      buckets AS (${buckets})
      SELECT to_char(b.bucket, 'YYYY-MM-DD"T"HH24:00') AS bucket,
        coalesce(h.visitors, 0) AS visitors, coalesce(h.pageviews, 0) AS pageviews, coalesce(t.visits, 0) AS visits,
        coalesce(t.session_pageviews, 0) AS "sessionPageviews", coalesce(t.bounces, 0) AS bounces, coalesce(t.duration, 0) AS duration
      FROM buckets b LEFT JOIN hit_totals h ON h.bucket = b.bucket LEFT JOIN session_totals t ON t.bucket = b.bucket
      ORDER BY b.bucket`,
  );
  return rows.map(toTotalsSums);
}

interface CountRow extends Record<string, unknown> {
  value: string;
  visitors: string;
  visits: string;
  pageviews: string;
  events: string;
}

const rowOrder = sql`ORDER BY r.visitors DESC, r.value COLLATE "C"`;

function toBreakdownRow(row: CountRow): BreakdownRow {
  return { value: row.value, visitors: Number(row.visitors), visits: Number(row.visits), pageviews: Number(row.pageviews), events: Number(row.events) };
}

/**
 * Session dimensions, several at once: the kept hits are summed per session,
 * joined to their sessions once, and grouped by each dimension in turn
 * (GROUPING SETS). Each session with kept hits in the range is one row, and a
 * session that starts in the range always has some, so visits count there too.
 */
async function sessionBreakdowns<D extends SessionDimension>(
  db: Database,
  plan: QueryPlan,
  dimensions: readonly D[],
  options: { limit?: number; offset?: number },
): Promise<Record<D, BreakdownRow[]>> {
  const columns = dimensions.map((dimension) => sql.raw(`s.${dimension}`));
  const dimensionOf = sql.join(
    dimensions.map((dimension, index) => sql`WHEN grouping(${columns[index]!}) = 0 THEN ${dimension}`),
    sql` `,
  );
  const offset = options.offset ?? 0;
  const rows = await queryRows<CountRow & { dimension: D }>(
    db,
    sql`
      WITH ${keptCtes(plan, wholeRange(plan))},
      per_session AS (
        SELECT visitor_id, session_start,
          coalesce(sum(hits) FILTER (WHERE kind = 'page'), 0) AS pageviews, coalesce(sum(hits) FILTER (WHERE kind = 'event'), 0) AS events
        FROM kept GROUP BY visitor_id, session_start
      ),
      grouped AS (
        SELECT CASE ${dimensionOf} END AS dimension, coalesce(${sql.join(columns, sql`, `)}) AS value,
          count(DISTINCT s.visitor_id) AS visitors,
          count(*) FILTER (WHERE s.started_local >= ${plan.from}::timestamp AND s.started_local < ${plan.to}::timestamp) AS visits,
          sum(p.pageviews) AS pageviews, sum(p.events) AS events
        FROM per_session p
        JOIN sessions s ON s.site_id = ${plan.siteId}::uuid AND s.visitor_id = p.visitor_id AND s.started_at = p.session_start
        GROUP BY GROUPING SETS (${sql.join(
          columns.map((column) => sql`(${column})`),
          sql`, `,
        )})
      )
      SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY visitors DESC, value COLLATE "C") AS position FROM grouped
      ) ranked
      WHERE position > ${offset} ${options.limit === undefined ? sql`` : sql`AND position <= ${offset + options.limit}`}
      ORDER BY dimension, position`,
  );
  const result = Object.fromEntries(dimensions.map((dimension) => [dimension, [] as BreakdownRow[]])) as Record<D, BreakdownRow[]>;
  for (const row of rows) result[row.dimension].push(toBreakdownRow(row));
  return result;
}

/**
 * Pages and custom events: a value's sessions are the kept sessions with a
 * kept hit of that value, and the other kind's hits count within those.
 */
async function hitBreakdown(db: Database, plan: QueryPlan, kind: "page" | "event", options: { limit?: number; offset?: number }): Promise<BreakdownRow[]> {
  const other = kind === "page" ? "event" : "page";
  const page = sql`${options.limit === undefined ? sql`` : sql`LIMIT ${options.limit}`} OFFSET ${options.offset ?? 0}`;
  const startsInRange = sql`(session_start AT TIME ZONE ${plan.timeZone}) >= ${plan.from}::timestamp AND (session_start AT TIME ZONE ${plan.timeZone}) < ${plan.to}::timestamp`;
  const rows = await queryRows<CountRow>(
    db,
    sql`
      WITH ${keptCtes(plan, wholeRange(plan))},
      per_session AS (
        SELECT name AS value, visitor_id, session_start, sum(hits) AS hits, max(other_hits) AS other_hits
        FROM (
          SELECT *, coalesce(sum(hits) FILTER (WHERE kind = ${other}) OVER (PARTITION BY visitor_id, session_start), 0) AS other_hits FROM kept
        ) k
        WHERE kind = ${kind} GROUP BY 1, 2, 3
      ),
      r AS (
        SELECT value, count(DISTINCT visitor_id) AS visitors, count(*) FILTER (WHERE ${startsInRange}) AS visits,
          sum(hits) AS hits, sum(other_hits) AS other_hits
        FROM per_session GROUP BY value
      )
      SELECT r.value, r.visitors, r.visits,
        ${kind === "page" ? sql`r.hits` : sql`r.other_hits`} AS pageviews,
        ${kind === "page" ? sql`r.other_hits` : sql`r.hits`} AS events
      FROM r
      ${rowOrder} ${page}`,
  );
  return rows.map(toBreakdownRow);
}

/** With page filters, the sessions holding a kept pageview in the range (for properties). */
function pageQualifiedSessions(plan: QueryPlan): SQL {
  if (!plan.page) return sql`no_page_filter AS (SELECT 1)`;
  return sql`page_qualified AS (
    SELECT DISTINCT h.visitor_id, h.session_start FROM hourly_hits h ${plan.session ? joinSessions : sql``}
    WHERE h.site_id = ${plan.siteId}::uuid AND h.kind = 'page' AND h.hour_local >= ${plan.from}::timestamp AND h.hour_local < ${plan.to}::timestamp
      AND ${plan.page} ${plan.session ? sql`AND ${plan.session}` : sql``}
  )`;
}
