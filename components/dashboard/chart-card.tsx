"use client";

import Link from "next/link";
import type { Kpi, SeriesPoint } from "@/lib/query/dashboard-model";
import { dashboardHref, type ResolvedPeriod } from "@/lib/query/dashboard-url";
import { KPI_LABELS } from "./format-metric";
import { formatRange, spansDays } from "./format-time";
import { MainChart, type ChartPoint } from "./main-chart";
import { useDashboardState } from "./use-dashboard-state";

const INTERVAL_LABELS = { hour: "Hours", day: "Days", week: "Weeks", month: "Months" } as const;

/** The chosen KPI of both series, paired by position (the previous period has the same length). */
function chartPoints(series: SeriesPoint[], previous: SeriesPoint[], metric: Kpi): ChartPoint[] {
  return series.map((point, i) => {
    const before = previous[i];
    return { bucket: point.bucket, value: point[metric], previousBucket: before?.bucket ?? null, previous: before ? before[metric] : null };
  });
}

interface ChartCardProps {
  /** Every KPI per bucket: switching the KPI needs no new data. */
  series: SeriesPoint[];
  previousSeries: SeriesPoint[];
  period: ResolvedPeriod;
  basePath: string;
}

/** The main chart with its heading, legend and interval choice; the KPI comes from the URL. */
export function ChartCard({ series, previousSeries, period, basePath }: ChartCardProps) {
  const state = useDashboardState();
  const points = chartPoints(series, previousSeries, state.metric);
  const summary = `${KPI_LABELS[state.metric]} per ${period.interval}, ${formatRange(period.range)} (solid) against ${formatRange(period.previous)} (dashed)`;
  return (
    <section className="card chart-card" aria-labelledby="chart-heading">
      <div className="chart-head">
        <h2 id="chart-heading">
          {KPI_LABELS[state.metric]} <span className="muted">per {period.interval}</span>
        </h2>
        {period.intervals.length > 1 ? (
          <nav className="segmented" aria-label="Interval">
            {period.intervals.map((interval) => (
              <Link
                key={interval}
                href={dashboardHref(basePath, { ...state, interval })}
                aria-current={interval === period.interval ? "true" : undefined}
                scroll={false}
              >
                {INTERVAL_LABELS[interval]}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>
      <p className="chart-legend muted">
        <span>
          <span className="chart-key chart-key-current" aria-hidden="true" />
          {formatRange(period.range)}
        </span>
        <span>
          <span className="chart-key chart-key-previous" aria-hidden="true" />
          {formatRange(period.previous)}
        </span>
      </p>
      <figure className="chart" data-testid="pageviews-chart">
        <figcaption className="visually-hidden">{summary}</figcaption>
        <MainChart points={points} metric={state.metric} interval={period.interval} multiDay={spansDays(period.range)} />
      </figure>
    </section>
  );
}
