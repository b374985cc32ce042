import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { getKpis } from "./dashboard";
import type { DashboardQuery } from "./dashboard-model";
import { pagePatternRegex, type ConversionStep, type FunnelStep, type FunnelStepResult, type Goal, type GoalResult } from "./conversions-model";
import { keptCtes, matches, planQuery, wholeRange, type DashboardSite, type QueryPlan } from "./query-plan";

/**
 * Goals and funnels by the rules of conversions-model.ts. Goals read the
 * read models (`kept` of query-plan.ts; property goals the `prop` rows of
 * the same session and hour as a kept event). Funnels need the order of
 * events inside a visit, which the hourly rollups do not keep, so they read
 * the log: only the range's events that match a step, each placed in its
 * session by the sessions read model.
 */
export async function getGoalResults(db: Database, site: DashboardSite, query: DashboardQuery, goals: readonly Goal[]): Promise<GoalResult[]> {
  if (goals.length === 0) return [];
  const plan = planQuery(site, query);
  const perGoal = goals.map((goal, index) => sql`SELECT ${index}::int AS goal, visitor_id, hits FROM (${goalHits(plan, goal.step)}) g${sql.raw(String(index))}`);
  // The rates' base, the range's unique visitors, is the KPIs': from the day rollup where the range
  // allows. Counted here over every kept hit it was half the query's time (1.6 of 3.0 s at 1M events).
  const [rows, kpis] = await Promise.all([
    queryRows<{ goal: number; visitors: string; conversions: string }>(
      db,
      sql`
        WITH ${keptCtes(plan, wholeRange(plan))},
        matched AS (${sql.join(perGoal, sql` UNION ALL `)})
        SELECT goal, count(DISTINCT visitor_id) AS visitors, coalesce(sum(hits), 0) AS conversions FROM matched GROUP BY goal`,
    ),
    getKpis(db, site, query),
  ]);
  const byGoal = new Map(rows.map((row) => [Number(row.goal), row]));
  const allVisitors = kpis.visitors;
  return goals.map((goal, index) => {
    const row = byGoal.get(index);
    const visitors = Number(row?.visitors ?? 0);
    return { goal, visitors, conversions: Number(row?.conversions ?? 0), conversionRate: allVisitors === 0 ? 0 : (100 * visitors) / allVisitors };
  });
}

/** The kept hits (visitor_id, hits) that match one goal. */
function goalHits(plan: QueryPlan, step: ConversionStep): SQL {
  if (step.kind === "page") return sql`SELECT visitor_id, hits FROM kept WHERE kind = 'page' AND name ~ ${pagePatternRegex(step.pagePattern)}`;
  if (!step.property) return sql`SELECT visitor_id, hits FROM kept WHERE kind = 'event' AND name = ${step.eventName}`;
  return sql`
    SELECT p.visitor_id, p.hits FROM hourly_hits p
    WHERE p.site_id = ${plan.siteId}::uuid AND p.kind = 'prop' AND p.hour_local >= ${plan.from}::timestamp AND p.hour_local < ${plan.to}::timestamp
      AND p.name = ${step.eventName} AND p.prop_key = ${step.property.key} AND p.prop_value = ${step.property.value}
      AND (p.visitor_id, p.session_start, p.hour_local) IN (SELECT visitor_id, session_start, hour_local FROM kept WHERE kind = 'event' AND name = ${step.eventName})`;
}

/** Visitors reaching each step of a funnel of 2-8 steps, in order within one visit. */
export async function getFunnel(db: Database, site: DashboardSite, query: DashboardQuery, steps: readonly FunnelStep[]): Promise<FunnelStepResult[]> {
  const plan = planQuery(site, query);
  const stepNumbers = steps.map((_, index) => index + 1);
  // Walked greedily, step by step: t_k is the position in the visit of the
  // first match of step k after t_(k-1) (the earliest match is enough to tell
  // whether an ordered match exists). One window per step over the same rows:
  // joining each step to the one before was a nested loop over both.
  const walk = stepNumbers.reduce<SQL>((rows, k) => {
    const after = k === 1 ? sql`` : sql` AND pos > ${sql.raw(`t${k - 1}`)}`;
    return sql`(SELECT *, min(pos) FILTER (WHERE ${sql.raw(`m${k}`)}${after}) OVER (PARTITION BY visitor_id, session_start) AS ${sql.raw(`t${k}`)}
      FROM ${rows} AS ${sql.raw(`walk${k - 1}`)})`;
  }, sql`(SELECT *, row_number() OVER (PARTITION BY visitor_id, session_start ORDER BY ts, seq) AS pos FROM step_events)`);
  // Without filters every visit with an event in the range is kept: no need to work out which.
  const filtered = plan.filters.length > 0;
  const rows = await queryRows<{ visitors: number[] }>(
    db,
    sql`
      WITH ${filtered ? sql`${keptCtes(plan, wholeRange(plan))}, kept_visits AS (SELECT DISTINCT visitor_id, session_start FROM kept),` : sql``}
      step_events AS (
        SELECT e.visitor_id, e.ts, e.seq, v.session_start, ${sql.join(
          steps.map((step, index) => sql`${stepMatch(step)} AS ${sql.raw(`m${index + 1}`)}`),
          sql`, `,
        )}
        FROM events e
        CROSS JOIN LATERAL (
          SELECT max(s.started_at) AS session_start FROM sessions s
          WHERE s.site_id = e.site_id AND s.visitor_id = e.visitor_id AND s.started_at <= e.ts
        ) v
        WHERE e.site_id = ${plan.siteId}::uuid
          -- A day either side covers every UTC offset; the local test is exact.
          AND e.ts >= (${plan.from}::timestamp - interval '1 day') AT TIME ZONE 'UTC'
          AND e.ts < (${plan.to}::timestamp + interval '1 day') AT TIME ZONE 'UTC'
          AND (e.ts AT TIME ZONE ${plan.timeZone}) >= ${plan.from}::timestamp AND (e.ts AT TIME ZONE ${plan.timeZone}) < ${plan.to}::timestamp
          AND (${sql.join(steps.map(stepMatch), sql` OR `)})
          AND ${eventFilters(plan)}
          ${filtered ? sql`AND (e.visitor_id, v.session_start) IN (SELECT visitor_id, session_start FROM kept_visits)` : sql``}
      )
      SELECT ARRAY[${sql.join(
        stepNumbers.map((k) => sql`count(DISTINCT visitor_id) FILTER (WHERE ${sql.raw(`t${k}`)} IS NOT NULL)`),
        sql`, `,
      )}]::int[] AS visitors
      FROM ${walk} AS walked`,
  );
  const visitors = rows[0]?.visitors ?? [];
  return steps.map((step, index) => ({ step, visitors: Number(visitors[index] ?? 0) }));
}

/** Whether event `e` matches a step. */
function stepMatch(step: ConversionStep): SQL {
  if (step.kind === "page") return sql`(e.name = 'pageview' AND e.path ~ ${pagePatternRegex(step.pagePattern)})`;
  // The property as text the way the hourly_hits projection writes prop_value.
  const value = step.property && sql`e.props -> ${step.property.key}`;
  const property = step.property
    ? sql` AND jsonb_typeof(e.props) = 'object' AND (CASE WHEN jsonb_typeof(${value}) = 'string' THEN ${value} #>> '{}' ELSE (${value})::text END) = ${step.property.value}`
    : sql``;
  return sql`(e.name <> 'pageview' AND e.name = ${step.eventName}${property})`;
}

/** Page filters judge pageviews by path, event filters custom events by name (dashboard-model.ts). */
function eventFilters(plan: QueryPlan): SQL {
  const conditions = plan.filters.flatMap((filter) => {
    if (filter.dimension === "page") return [sql`(e.name <> 'pageview' OR ${matches(sql`e.path`, filter)})`];
    if (filter.dimension === "event") return [sql`(e.name = 'pageview' OR ${matches(sql`e.name`, filter)})`];
    return [];
  });
  return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` AND `);
}
