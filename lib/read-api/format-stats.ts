import { percentChange, type BreakdownRow, type Dimension, type HourRange, type Interval, type Kpi, type Kpis, type SeriesPoint } from "@/lib/query/dashboard-model";
import type { ResolvedPeriod } from "@/lib/query/dashboard-url";
import type { BreakdownMetric } from "./stats-parameters";

/*
 * The stats endpoints' answers, from what lib/query returns. Numbers pass
 * through unrounded (ratios included): clients round for display, and the
 * dashboard's numbers can be reproduced exactly. Times are the dashboard's:
 * local wall-clock hours `YYYY-MM-DDTHH:00` in the site's zone, `to` exclusive.
 */

/** The range an answer covers. */
export interface PeriodBody {
  from: string;
  to: string;
  timeZone: string;
}

export interface MetricValue {
  value: number;
  /** With compare=previous_period: the value over the period of the same length just before. */
  previous?: number;
  /**
   * With compare: the change from `previous` in percent of it, rounded, as
   * the dashboard shows it (a fall is negative); 0 when both are 0, null
   * when only `previous` is (no base to compare with).
   */
  change?: number | null;
}

export interface AggregateBody {
  results: Partial<Record<Kpi, MetricValue>>;
  period: PeriodBody;
  /** With compare: the previous period's range. */
  comparison?: HourRange;
}

export type TimeseriesPoint = { date: string } & Partial<Record<Kpi, number>>;

export interface TimeseriesBody {
  results: TimeseriesPoint[];
  interval: Interval;
  period: PeriodBody;
}

/** A row holds the dimension's value under the dimension's own name, then the metrics. */
export type BreakdownResult = Partial<Record<Dimension, string> & Record<BreakdownMetric, number>>;

export interface BreakdownBody {
  results: BreakdownResult[];
  page: number;
  limit: number;
  /** Whether the next page has rows. */
  has_more: boolean;
  period: PeriodBody;
}

/** The range answered, in the site's local hours. */
export function periodBody(range: HourRange, timeZone: string): PeriodBody {
  return { from: range.from, to: range.to, timeZone };
}

/** The metrics asked for, each with the previous period's value and the change when `previous` is given. */
export function aggregateBody(metrics: readonly Kpi[], kpis: Kpis, previous: Kpis | undefined, period: ResolvedPeriod, timeZone: string): AggregateBody {
  const results: Partial<Record<Kpi, MetricValue>> = {};
  for (const metric of metrics) {
    results[metric] = previous
      ? { value: kpis[metric], previous: previous[metric], change: percentChange(kpis[metric], previous[metric]) }
      : { value: kpis[metric] };
  }
  const body: AggregateBody = { results, period: periodBody(period.range, timeZone) };
  if (previous) body.comparison = { ...period.previous };
  return body;
}

/** One result per chart bucket, `date` its local start, with the metrics asked for. */
export function timeseriesBody(metrics: readonly Kpi[], points: readonly SeriesPoint[], period: ResolvedPeriod, timeZone: string): TimeseriesBody {
  const results = points.map((point) => {
    const result: TimeseriesPoint = { date: point.bucket };
    for (const metric of metrics) result[metric] = point[metric];
    return result;
  });
  return { results, interval: period.interval, period: periodBody(period.range, timeZone) };
}

/**
 * One page of a breakdown. `rows` are the page's rows and, when there is
 * one, the first row of the next page (fetched only to tell `has_more`).
 */
export function breakdownBody(
  dimension: Dimension,
  metrics: readonly BreakdownMetric[],
  rows: readonly BreakdownRow[],
  list: { page: number; limit: number },
  period: ResolvedPeriod,
  timeZone: string,
): BreakdownBody {
  const results = rows.slice(0, list.limit).map((row) => {
    const result: BreakdownResult = { [dimension]: row.value };
    for (const metric of metrics) result[metric] = row[metric];
    return result;
  });
  return { results, page: list.page, limit: list.limit, has_more: rows.length > list.limit, period: periodBody(period.range, timeZone) };
}
