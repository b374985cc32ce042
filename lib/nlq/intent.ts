import type { DimensionName, FilterOp } from "./lexicon";
import type { DayRange } from "./time-range";

/**
 * What a question asks, once understood: the embedded engine's parser makes
 * it, the compiler turns it into SQL and the restatement writer into a line.
 */

/** Metrics that need no event name. */
export type SimpleMetricKind = "visitors" | "visits" | "pageviews" | "bounce_rate" | "visit_duration" | "views_per_visit" | "custom_events";

export type Metric =
  | { kind: SimpleMetricKind }
  /** Events with this name. */
  | { kind: "event_count"; event: string }
  /** Percent of visitors who had the event. */
  | { kind: "conversion_rate"; event: string };

/** What a filter or a breakdown reads: a dashboard dimension or a custom event's property. */
export type Target = { kind: "dimension"; dimension: DimensionName } | { kind: "property"; key: string };

export interface Filter {
  target: Target;
  /** `is` with several values is "in"; `is_not` with several is "not in". */
  op: FilterOp;
  values: string[];
  /** How a value reads in the restatement ("Germany" for DE). */
  labels: string[];
  /** "from twitter or reddit" where the two match differently: either passes (both, when negated). */
  or?: Filter[];
}

export type FunnelStep = { kind: "page"; path: string } | { kind: "event"; event: string };

export interface Funnel {
  steps: [FunnelStep, FunnelStep];
  /** The second step must follow the first within this many seconds; without, anywhere in the range after it. */
  withinSeconds: number | null;
  withinLabel: string | null;
}

export type Granularity = "hour" | "day" | "week" | "month";

export interface Intent {
  metrics: Metric[];
  /** Break down by one dimension or property. */
  groupBy: Target | null;
  /** And/or by time buckets. */
  granularity: Granularity | null;
  filters: Filter[];
  /** Visitors (or visits) are kept only when they had one of these events in the range. */
  eventFilter: string[];
  range: DayRange;
  /** Whether `range` was the default (no time phrase in the question). */
  defaultRange: boolean;
  /** Compare with this earlier period: two columns per metric, `<metric>` and `<metric>_previous`. */
  compareWith: DayRange | null;
  /** Keep the first N rows by the first metric. */
  limit: number | null;
  order: "desc" | "asc" | null;
  funnel: Funnel | null;
}
