/**
 * What the dashboard asks and what it gets back: the contract between the
 * read models (lib/projections), the SQL that answers (lib/query), the
 * reference that checks it in tests, and the components that draw it.
 *
 * The rules every answer follows:
 *
 * - **Sessions.** A visitor's events on a site, ordered by (ts, seq), form one
 *   session until a gap of more than 30 minutes (`SESSION_GAP_MS`) between
 *   consecutive events. Session dimensions come from the session's first
 *   event; the entry page is the path of its first pageview and the exit page
 *   of its last; duration is last event ts - first event ts in whole seconds
 *   (floored); a session bounces when it holds exactly one event.
 * - **Local time.** Ranges and buckets are in the site's time zone, to the
 *   hour: `from` and `to` are local wall-clock hours `YYYY-MM-DDTHH:00`, `to`
 *   exclusive.
 * - **Which data a range holds.** Pageviews, custom events and visitors count
 *   the events whose local time is in the range. Visits, bounce rate, visit
 *   duration and views per visit count the sessions that *start* in the range
 *   (views per visit = all pageviews of those sessions / their number: like
 *   bounce and duration, a session counts whole, whatever the filters).
 * - **Filters** (all must hold):
 *   - a session dimension (`source` ... `exit_page`) keeps the sessions whose
 *     value matches; events count only when their session is kept;
 *   - `page` filters keep the pageviews whose path passes every page
 *     filter, and `event` filters the custom events whose name passes every
 *     event filter. With page filters a session is kept only when it has,
 *     inside the range, at least one kept pageview; with event filters, at
 *     least one kept custom event. Events of the other kind in a kept session
 *     are not touched by these filters.
 *   - `is` compares exactly, `is_not` is its negation, `contains` is a
 *     case-insensitive substring test. A missing value (no country, say) is
 *     the empty string: `is ""` finds it.
 * - **Visitors** are exact: distinct visitor ids over the kept events (never a
 *   sum of per-bucket counts).
 */

export const SESSION_GAP_MS = 30 * 60 * 1000;

/** Dimensions that belong to a session (taken from its first event, or its pages for entry/exit). */
export const SESSION_DIMENSIONS = [
  "source",
  "referrer",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "country",
  "region",
  "city",
  "browser",
  "os",
  "device",
  "screen",
  "entry_page",
  "exit_page",
] as const;
export type SessionDimension = (typeof SESSION_DIMENSIONS)[number];

/** Dimensions that belong to single events. */
export const EVENT_DIMENSIONS = ["page", "event"] as const;
export type EventDimension = (typeof EVENT_DIMENSIONS)[number];

export type Dimension = SessionDimension | EventDimension;
export const DIMENSIONS: readonly Dimension[] = [...SESSION_DIMENSIONS, ...EVENT_DIMENSIONS];

export const FILTER_OPERATORS = ["is", "is_not", "contains"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface Filter {
  dimension: Dimension;
  operator: FilterOperator;
  value: string;
}

/** Local wall-clock hours in the site's zone, `YYYY-MM-DDTHH:00`; `to` is exclusive. */
export interface HourRange {
  from: string;
  to: string;
}

export interface DashboardQuery {
  range: HourRange;
  filters: Filter[];
}

export interface Kpis {
  visitors: number;
  visits: number;
  pageviews: number;
  /** Pageviews of the range's sessions / visits; 0 without visits. */
  viewsPerVisit: number;
  /** Percent of the range's sessions that bounced, 0-100; 0 without visits. */
  bounceRate: number;
  /** Mean session duration in seconds; 0 without visits. */
  visitDuration: number;
}
export type Kpi = keyof Kpis;
export const KPIS: readonly Kpi[] = ["visitors", "visits", "pageviews", "viewsPerVisit", "bounceRate", "visitDuration"];

export const INTERVALS = ["hour", "day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];

/**
 * One bucket of the main chart: the KPIs the query gives with its range cut
 * to the bucket. `bucket` is the local start of the bucket (`YYYY-MM-DDTHH:00`;
 * weeks start on Monday, months on the 1st), clipped to the range's start.
 * Every bucket of the range is present, empty ones as 0.
 */
export interface SeriesPoint extends Kpis {
  bucket: string;
}

/**
 * One value of a breakdown: the numbers the query gives with the filter
 * `dimension is value` added (`events` counts the kept custom events). Only
 * values with visitors are listed, ordered by visitors (most first), then by
 * value in code-point order.
 */
export interface BreakdownRow {
  value: string;
  visitors: number;
  visits: number;
  pageviews: number;
  events: number;
}

/**
 * Values of one custom event's properties: for the event `name`, each
 * top-level property key and value (as text: strings as they are, other
 * JSON values as Postgres prints jsonb, which matches JSON.stringify for
 * booleans, null and ordinary numbers) with the visitors and events that carried it.
 */
export interface PropertyRow {
  key: string;
  value: string;
  visitors: number;
  events: number;
}

/**
 * The change against the previous period in whole percent, signed, as the KPI
 * cards and the read API show it: 0 when both are 0, null when only the
 * previous value is (no percentage of nothing).
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  // `|| 0` turns the -0 of a small fall that rounds away into 0.
  return Math.round(((current - previous) / previous) * 100) || 0;
}
