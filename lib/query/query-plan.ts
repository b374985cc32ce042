import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Site } from "@/lib/tenancy/site";
import { SESSION_DIMENSIONS, type DashboardQuery, type Dimension, type Filter, type SessionDimension } from "./dashboard-model";
import { parseDashboardQuery } from "./parse-dashboard-query";

/**
 * What every dashboard query is built from (dashboard.ts, conversions.ts):
 * the validated query as SQL conditions, and the shared CTEs
 *   kept           the range's page and custom-event hits that pass the
 *                  filters, of sessions that (with page/event filters) hold
 *                  a passing hit of each filtered kind in the same bucket
 *   kept_sessions  the sessions starting in the range that pass the filters
 * where `bucket` is the chart bucket (or the range's start for totals).
 */
export type DashboardSite = Pick<Site, "id" | "timeZone">;

export interface QueryPlan {
  siteId: string;
  timeZone: string;
  /** Local range bounds as `timestamp` literals. */
  from: string;
  to: string;
  /** Condition on `s` (sessions) for the session-dimension filters. */
  session?: SQL;
  /** Condition on `h.name` for page hits / custom-event hits. */
  page?: SQL;
  event?: SQL;
  /** The validated filters, for queries over other tables than the read models. */
  filters: Filter[];
}

export function planQuery(site: DashboardSite, input: DashboardQuery): QueryPlan {
  const query = parseDashboardQuery(input);
  const byKind = (dimension: Dimension) => query.filters.filter((filter) => filter.dimension === dimension);
  const all = (conditions: SQL[]) => (conditions.length === 0 ? undefined : sql.join(conditions, sql` AND `));
  return {
    siteId: site.id,
    timeZone: site.timeZone,
    from: query.range.from.replace("T", " "),
    to: query.range.to.replace("T", " "),
    session: all(query.filters.filter((filter) => isSessionDimension(filter.dimension)).map((filter) => matches(sql.raw(`s.${filter.dimension}`), filter))),
    page: all(byKind("page").map((filter) => matches(sql`h.name`, filter))),
    event: all(byKind("event").map((filter) => matches(sql`h.name`, filter))),
    filters: query.filters,
  };
}

export function isSessionDimension(dimension: Dimension): dimension is SessionDimension {
  return (SESSION_DIMENSIONS as readonly string[]).includes(dimension);
}

export function matches(column: SQL, filter: Filter): SQL {
  switch (filter.operator) {
    case "is":
      return sql`${column} = ${filter.value}`;
    case "is_not":
      return sql`${column} <> ${filter.value}`;
    case "contains":
      return sql`strpos(lower(${column}), lower(${filter.value})) > 0`;
  }
}

export const joinSessions = sql`JOIN sessions s ON s.site_id = h.site_id AND s.visitor_id = h.visitor_id AND s.started_at = h.session_start`;

/**
 * The shared CTEs. Window functions and IN rather than joins between CTEs:
 * the planner cannot estimate a CTE's rows and picked nested loops over them.
 */
export function keptCtes(plan: QueryPlan, bucket: (hour: SQL) => SQL): SQL {
  const hitFilters = plan.page !== undefined || plan.event !== undefined;
  const hitBucket = bucket(sql`h.hour_local`);
  const sessionBucket = bucket(sql`date_trunc('hour', s.started_local)`);
  const session = sql`PARTITION BY h.visitor_id, h.session_start, ${hitBucket}`;
  return sql`
    kept AS (
      SELECT * FROM (
        SELECT h.visitor_id, h.session_start, h.hour_local, h.kind, h.name, h.hits, ${hitBucket} AS bucket
          ${plan.page ? sql`, bool_or(h.kind = 'page') OVER (${session}) AS has_page` : sql``}
          ${plan.event ? sql`, bool_or(h.kind = 'event') OVER (${session}) AS has_event` : sql``}
        FROM hourly_hits h ${plan.session ? joinSessions : sql``}
        WHERE h.site_id = ${plan.siteId}::uuid AND h.hour_local >= ${plan.from}::timestamp AND h.hour_local < ${plan.to}::timestamp
          AND h.kind IN ('page', 'event')
          ${plan.session ? sql`AND ${plan.session}` : sql``}
          ${plan.page ? sql`AND (h.kind <> 'page' OR ${plan.page})` : sql``}
          ${plan.event ? sql`AND (h.kind <> 'event' OR ${plan.event})` : sql``}
      ) hits
      WHERE ${plan.page ? sql`has_page` : sql`true`} AND ${plan.event ? sql`has_event` : sql`true`}
    ),
    kept_sessions AS (
      SELECT s.visitor_id, s.started_at, s.pageviews, s.bounce, s.duration_seconds, ${sessionBucket} AS bucket
      ${
        hitFilters
          ? // Driven from the qualified sessions and looked up by primary key, the range
            // tested on their side: given the choice (stale statistics), the planner
            // rescanned the range index once per qualified session.
            sql`FROM (SELECT DISTINCT visitor_id, session_start, bucket FROM kept
                      WHERE (session_start AT TIME ZONE ${plan.timeZone}) >= ${plan.from}::timestamp
                        AND (session_start AT TIME ZONE ${plan.timeZone}) < ${plan.to}::timestamp) q
                JOIN sessions s ON s.site_id = ${plan.siteId}::uuid AND s.visitor_id = q.visitor_id AND s.started_at = q.session_start
                WHERE q.bucket = ${sessionBucket}`
          : sql`FROM sessions s
                WHERE s.site_id = ${plan.siteId}::uuid AND s.started_local >= ${plan.from}::timestamp AND s.started_local < ${plan.to}::timestamp`
      }
        ${plan.session ? sql`AND ${plan.session}` : sql``}
    )`;
}

/** The bucket function for totals over the whole range. */
export const wholeRange = (plan: QueryPlan) => () => sql`${plan.from}::timestamp`;
