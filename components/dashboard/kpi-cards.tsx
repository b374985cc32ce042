"use client";

import { KPIS, type Kpi, type Kpis } from "@/lib/query/dashboard-model";
import { dashboardHref } from "@/lib/query/dashboard-url";
import { describeChange, formatKpi, KPI_LABELS, type Change } from "./format-metric";
import { pushWithoutRender, useDashboardState } from "./use-dashboard-state";

const TEST_IDS: Partial<Record<Kpi, string>> = { pageviews: "total-pageviews" };

function ChangeBadge({ kpi, change, previous }: { kpi: Kpi; change: Change | null; previous: number }) {
  const before = `${formatKpi(kpi, previous)} in the previous period`;
  if (!change) {
    return (
      <span className="change change-neutral" title={before}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">nothing in the previous period to compare with</span>
      </span>
    );
  }
  const arrow = { up: "↑", down: "↓", flat: "" }[change.direction];
  const words = change.direction === "flat" ? "no change" : `${change.direction} ${change.percent}%`;
  return (
    <span className={`change change-${change.tone}`} title={before}>
      <span aria-hidden="true">
        {arrow}
        {change.percent}%
      </span>
      <span className="visually-hidden">
        {words} from {before}
      </span>
    </span>
  );
}

/**
 * The six headline numbers with their change against the previous period.
 * Each card is a link that puts its KPI on the main chart, at once: the
 * chart already has every KPI's series.
 */
export function KpiCards({ kpis, previous, basePath }: { kpis: Kpis; previous: Kpis; basePath: string }) {
  const state = useDashboardState();
  return (
    <section aria-label="Key figures">
      <ul className="kpis">
        {KPIS.map((kpi) => {
          const selected = state.metric === kpi;
          return (
            <li key={kpi}>
              <a
                href={dashboardHref(basePath, { ...state, metric: kpi })}
                className={selected ? "kpi kpi-selected" : "kpi"}
                aria-current={selected ? "true" : undefined}
                onClick={pushWithoutRender}
              >
                <span className="kpi-label">{KPI_LABELS[kpi]}</span>
                <span className="kpi-value" data-testid={TEST_IDS[kpi]}>
                  {formatKpi(kpi, kpis[kpi])}
                </span>
                <ChangeBadge kpi={kpi} change={describeChange(kpi, kpis[kpi], previous[kpi])} previous={previous[kpi]} />
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
