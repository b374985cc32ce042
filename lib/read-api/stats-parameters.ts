import type { BreakdownRow } from "@/lib/query/dashboard-model";

/**
 * What the read API's stats endpoints accept, in one table: the parser
 * refuses any other parameter, and the OpenAPI document describes exactly
 * these. Value sets (periods, metrics, dimensions, ...) are lib/query's own
 * constants, referenced where they are checked and documented.
 */

export const STATS_ENDPOINTS = ["aggregate", "timeseries", "breakdown"] as const;
export type StatsEndpoint = (typeof STATS_ENDPOINTS)[number];

/** Breakdown rows carry these counts (not the session ratios, which a breakdown does not compute). */
const BREAKDOWN_METRIC_SET = { visitors: true, visits: true, pageviews: true, events: true } as const satisfies Record<
  Exclude<keyof BreakdownRow, "value">,
  true
>;
export type BreakdownMetric = keyof typeof BREAKDOWN_METRIC_SET;
export const BREAKDOWN_METRICS = Object.keys(BREAKDOWN_METRIC_SET) as BreakdownMetric[];

export const COMPARE_OPTIONS = ["previous_period"] as const;

export const BREAKDOWN_LIMIT = { min: 1, max: 1000, default: 100 } as const;
/** Pages past this are refused: six digits, as the dashboard's full lists allow. */
export const MAX_PAGE = 999_999;

interface ParameterUse {
  /** The endpoints that read it. */
  endpoints: readonly StatsEndpoint[];
  /**
   * The endpoints that accept and ignore it: a dashboard URL parameter that
   * only chooses how the dashboard draws, so a dashboard link's query string
   * pastes as is.
   */
  ignoredBy?: readonly StatsEndpoint[];
  /** Given once per filter; every other parameter may appear once. */
  repeatable?: boolean;
}

const ALL = STATS_ENDPOINTS;

export const STATS_PARAMETERS = {
  site_id: { endpoints: ALL },
  period: { endpoints: ALL },
  from: { endpoints: ALL },
  to: { endpoints: ALL },
  f: { endpoints: ALL, repeatable: true },
  metrics: { endpoints: ALL },
  compare: { endpoints: ["aggregate"] },
  interval: { endpoints: ["timeseries"], ignoredBy: ["aggregate", "breakdown"] },
  dimension: { endpoints: ["breakdown"] },
  limit: { endpoints: ["breakdown"] },
  page: { endpoints: ["breakdown"] },
  metric: { endpoints: [], ignoredBy: ALL },
  props: { endpoints: [], ignoredBy: ALL },
  funnel: { endpoints: [], ignoredBy: ALL },
} as const satisfies Record<string, ParameterUse>;

export type StatsParameter = keyof typeof STATS_PARAMETERS;

const uses = STATS_PARAMETERS as Record<StatsParameter, ParameterUse>;
const names = Object.keys(STATS_PARAMETERS) as StatsParameter[];

/** The parameters `endpoint` reads, in the table's order. */
export function parametersOf(endpoint: StatsEndpoint): StatsParameter[] {
  return names.filter((name) => uses[name].endpoints.includes(endpoint));
}

/** The parameters `endpoint` accepts only to ignore them. */
export function ignoredParametersOf(endpoint: StatsEndpoint): StatsParameter[] {
  return names.filter((name) => uses[name].ignoredBy?.includes(endpoint));
}

/** Whether the parameter may appear more than once (filters do). */
export function isRepeatable(name: StatsParameter): boolean {
  return uses[name].repeatable === true;
}
