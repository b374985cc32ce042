import { pagePatternRegex, type ConversionStep, type FunnelStep, type FunnelStepResult, type Goal, type GoalResult } from "@/lib/query/conversions-model";
import type { DashboardQuery } from "@/lib/query/dashboard-model";
import { keptSql, planQuery, type RunSql } from "./dashboard-sql";
import { quoteString } from "./sql-literal";

/**
 * Goals and funnels over the lake, in DuckDB-WASM: the answers of the
 * server's lib/query/conversions.ts, by the rules of
 * lib/query/conversions-model.ts, from the dashboard's tables
 * (dashboard-sql.ts). Both read the `kept` events of the query's whole range,
 * as the KPIs do, so a goal's rate divides by the visitors the KPI cards show.
 */

/**
 * Whether a row of `kept` matches `step`. A page pattern becomes the anchored
 * regular expression the server uses, every character but `*` escaped; 's'
 * lets `.` (from `**`) cross a newline, as the pattern's "any run" says.
 * Property values are read by the views' `prop` macro, as the dashboard shows them.
 */
export function stepMatchSql(step: ConversionStep): string {
  if (step.kind === "page") return `(is_pageview AND regexp_matches(path, ${quoteString(pagePatternRegex(step.pagePattern))}, 's'))`;
  const property = step.property ? ` AND prop(props, ${quoteString(step.property.key)}) = ${quoteString(step.property.value)}` : "";
  return `(NOT is_pageview AND name = ${quoteString(step.eventName)}${property})`;
}

function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Each goal's converted visitors, conversions and rate over the query's visitors. */
export async function lakeGoalResults(run: RunSql, query: DashboardQuery, goals: readonly Goal[]): Promise<GoalResult[]> {
  if (goals.length === 0) return [];
  const plan = planQuery(query);
  // One pass over `kept`; counts as DOUBLE for plain JS numbers (see dashboard-sql.ts).
  const columns = goals.flatMap((goal, index) => {
    const match = stepMatchSql(goal.step);
    return [
      `CAST(count(DISTINCT visitor_id) FILTER (WHERE ${match}) AS DOUBLE) AS visitors_${index}`,
      `CAST(count(*) FILTER (WHERE ${match}) AS DOUBLE) AS conversions_${index}`,
    ];
  });
  const [row = {}] = await run(`
    WITH ${keptSql(plan, () => plan.from)}
    SELECT CAST(count(DISTINCT visitor_id) AS DOUBLE) AS all_visitors, ${columns.join(", ")}
    FROM kept`);
  const allVisitors = toNumber(row.all_visitors);
  return goals.map((goal, index) => {
    const visitors = toNumber(row[`visitors_${index}`]);
    return { goal, visitors, conversions: toNumber(row[`conversions_${index}`]), conversionRate: allVisitors === 0 ? 0 : (100 * visitors) / allVisitors };
  });
}

/**
 * Visitors reaching each step of a funnel, in order within one visit. The
 * walk is the server's: t_k is the place in the visit (visitor_event_number,
 * the (ts, seq) order) of the first match of step k after t_(k-1); the
 * earliest match is enough to tell whether an ordered match exists, and the
 * strict `>` keeps one event from serving two steps.
 */
export async function lakeFunnel(run: RunSql, query: DashboardQuery, steps: readonly FunnelStep[]): Promise<FunnelStepResult[]> {
  if (steps.length === 0) return [];
  const plan = planQuery(query);
  const matches = steps.map(stepMatchSql);
  const walk = steps.reduce<string>((rows, _, index) => {
    const k = index + 1;
    const after = k === 1 ? "" : ` AND pos > t${k - 1}`;
    return `(SELECT *, min(pos) FILTER (WHERE m${k}${after}) OVER (PARTITION BY visitor_id, session_start_ts) AS t${k} FROM ${rows} AS walk${k - 1})`;
  }, "step_events");
  const rows = await run(`
    WITH ${keptSql(plan, () => plan.from)},
    step_events AS (
      SELECT * FROM (
        SELECT visitor_id, session_start_ts, visitor_event_number AS pos, ${matches.map((match, index) => `${match} AS m${index + 1}`).join(", ")}
        FROM kept
      ) WHERE ${matches.map((_, index) => `m${index + 1}`).join(" OR ")}
    )
    SELECT ${steps.map((_, index) => `CAST(count(DISTINCT visitor_id) FILTER (WHERE t${index + 1} IS NOT NULL) AS DOUBLE) AS step_${index}`).join(", ")}
    FROM ${walk} AS walked`);
  const row = rows[0] ?? {};
  return steps.map((step, index) => ({ step, visitors: toNumber(row[`step_${index}`]) }));
}
