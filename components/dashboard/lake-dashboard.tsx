"use client";

import type { Kpi, SeriesPoint } from "@/lib/query/dashboard-model";
import type { ResolvedPeriod } from "@/lib/query/dashboard-url";
import { BreakdownPanelGroups } from "./breakdown-panel-groups";
import { BreakdownPanelsSkeleton } from "./breakdown-panels";
import { ChartCard } from "./chart-card";
import { ConversionsView } from "./conversions-view";
import { formatBucketLong } from "./format-time";
import { formatKpi, KPI_LABELS } from "./format-metric";
import { KpiCards } from "./kpi-cards";
import { useLakeDashboard, type LakeDashboardInput } from "./use-lake-dashboard";
import { useDashboardState } from "./use-dashboard-state";

interface LakeDashboardProps extends LakeDashboardInput {
  basePath: string;
  /** Owners and admins get a link to define goals. */
  canEdit: boolean;
}

/**
 * The KPIs, chart and panels of a range that starts before the hot window,
 * computed in this browser from the site's lake files (DuckDB-WASM), with the
 * same cards, chart, panels, goals and funnel as the server-computed dashboard.
 */
export function LakeDashboard({ siteId, shareToken, period, filters, props, definitions, funnel, basePath, canEdit }: LakeDashboardProps) {
  const { state, retry } = useLakeDashboard({ siteId, shareToken, period, filters, props, definitions, funnel });
  const dashboardState = useDashboardState();

  if (state.phase === "error") {
    return (
      <section className="card lake-error" role="alert">
        <p>{state.message} Check your connection and try again.</p>
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </section>
    );
  }
  if (state.phase === "loading") {
    return (
      <section className="card lake-loading" aria-busy="true" aria-label="Loading history">
        <p role="status" className="muted" data-testid="lake-status">
          {state.step}… this range is computed in your browser from the site&apos;s history.
        </p>
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="skeleton skeleton-line" />
        ))}
      </section>
    );
  }
  const { summary } = state;
  return (
    <div data-testid="lake-dashboard" data-phase={state.phase} data-rolled-days={summary.rolledDays}>
      <KpiCards kpis={summary.kpis} previous={summary.previousKpis} basePath={basePath} />
      <ChartCard series={summary.series} previousSeries={summary.previousSeries} period={period} basePath={basePath} />
      <SeriesTable series={summary.series} period={period} />
      {state.phase === "done" ? (
        <>
          <BreakdownPanelGroups
            breakdowns={state.panels.breakdowns}
            properties={state.panels.properties}
            totalVisitors={summary.kpis.visitors}
            basePath={basePath}
          />
          <ConversionsView data={state.panels.conversions} state={dashboardState} basePath={basePath} canEdit={canEdit} />
        </>
      ) : (
        <BreakdownPanelsSkeleton />
      )}
    </div>
  );
}

/** The chart's numbers as a table, folded away: for screen readers, and for whoever wants the exact figures. */
function SeriesTable({ series, period }: { series: SeriesPoint[]; period: ResolvedPeriod }) {
  const { metric } = useDashboardState();
  const columns: Kpi[] = [metric, ...(["visitors", "visits", "pageviews"] as const).filter((kpi) => kpi !== metric)];
  return (
    <details className="card chart-numbers">
      <summary>Numbers per {period.interval}</summary>
      <table className="breakdown" data-testid="series-table">
        <thead>
          <tr>
            <th scope="col">{period.interval[0]!.toUpperCase() + period.interval.slice(1)}</th>
            {columns.map((kpi) => (
              <th key={kpi} scope="col" className="num">
                {KPI_LABELS[kpi]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((point) => (
            <tr key={point.bucket} data-bucket={point.bucket}>
              <th scope="row">{formatBucketLong(point.bucket, period.interval)}</th>
              {columns.map((kpi) => (
                <td key={kpi} className="num" data-kpi={kpi}>
                  {formatKpi(kpi, point[kpi])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
