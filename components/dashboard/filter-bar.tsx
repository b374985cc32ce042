"use client";

import Link from "next/link";
import { dashboardHref, withoutFilter } from "@/lib/query/dashboard-url";
import { DIMENSION_LABELS, OPERATOR_LABELS } from "./dimensions";
import { useDashboardState } from "./use-dashboard-state";

/**
 * The active filters as chips, each with a link that removes it; nothing when
 * there are none. `valueLabels` are the filters' values as shown (country
 * names...), made on the server, in the URL's order.
 */
export function FilterBar({ basePath, valueLabels }: { basePath: string; valueLabels: string[] }) {
  const state = useDashboardState();
  if (state.filters.length === 0) return null;
  return (
    <section className="filters" aria-label="Filters">
      <ul className="filter-list">
        {state.filters.map((filter, index) => {
          const value = valueLabels[index] ?? filter.value;
          const text = `${DIMENSION_LABELS[filter.dimension].name} ${OPERATOR_LABELS[filter.operator]} ${value}`;
          return (
            <li key={`${filter.dimension}~${filter.operator}~${filter.value}`} className="chip">
              <span className="chip-text" title={text}>
                {DIMENSION_LABELS[filter.dimension].name} <span className="muted">{OPERATOR_LABELS[filter.operator]}</span> <strong>{value}</strong>
              </span>
              <Link href={dashboardHref(basePath, withoutFilter(state, index))} className="chip-remove" aria-label={`Remove filter: ${text}`} scroll={false}>
                <span aria-hidden="true">×</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {state.filters.length > 1 ? (
        <Link href={dashboardHref(basePath, { ...state, filters: [] })} className="filters-clear" scroll={false}>
          Clear all
        </Link>
      ) : null}
    </section>
  );
}
