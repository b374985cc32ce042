"use client";

import Link from "next/link";
import { useId, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import type { Dimension } from "@/lib/query/dashboard-model";
import { dashboardHref, rangeAndFilters, sortsFor, withFilter, type BreakdownSort } from "@/lib/query/dashboard-url";
import { sortBreakdown } from "@/lib/query/sort-breakdown";
import { NONE_LABEL, SORT_LABELS, type DisplayRow } from "./dimensions";
import { formatCount, formatShare, visitorShare } from "./format-metric";
import { useDashboardState } from "./use-dashboard-state";

/** Rows a panel shows; the rest are on the dimension's full list. */
const SHOWN_ROWS = 9;

export interface PanelTab {
  dimension: Dimension;
  /** The tab's text. */
  tab: string;
  /** The value column's heading. */
  column: string;
  rows: DisplayRow[];
}

interface BreakdownPanelProps {
  title: string;
  tabs: PanelTab[];
  /** Visitors of the whole range: each row's bar is its share of them. */
  totalVisitors: number;
  basePath: string;
  /** Rows of custom events get a link that opens their properties. */
  withProperties?: boolean;
  /** The properties of the event named by the URL's `props`, shown under the rows. */
  children?: ReactNode;
}

/**
 * One box of the dashboard: a heading, tabs for related dimensions (only
 * when there are several), the top rows with a bar for their share of
 * visitors, and links to the full list and the CSV. Each value is a link that
 * filters the dashboard by it.
 */
export function BreakdownPanel({ title, tabs, totalVisitors, basePath, withProperties = false, children }: BreakdownPanelProps) {
  const state = useDashboardState();
  const id = useId();
  const [selected, setSelected] = useState(0);
  const [sort, setSort] = useState<BreakdownSort>("visitors");
  const tab = tabs[selected] ?? tabs[0];
  if (!tab) return null;
  const sorts = sortsFor(tab.dimension);
  const sortBy = sorts.includes(sort) ? sort : "visitors";
  const rows = sortBreakdown(tab.rows, sortBy).slice(0, SHOWN_ROWS);
  const headingId = `${id}-heading`;
  const tabId = (index: number) => `${id}-tab-${index}`;
  const panelId = `${id}-panel`;

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const last = tabs.length - 1;
    const next = { ArrowRight: selected === last ? 0 : selected + 1, ArrowLeft: selected === 0 ? last : selected - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setSelected(next);
    document.getElementById(tabId(next))?.focus();
  }

  return (
    <section className="card panel" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {tabs.length > 1 ? (
          <div className="tabs" role="tablist" aria-label={`${title} by`}>
            {tabs.map((candidate, index) => (
              <button
                key={candidate.dimension}
                type="button"
                role="tab"
                id={tabId(index)}
                aria-selected={index === selected}
                aria-controls={panelId}
                tabIndex={index === selected ? 0 : -1}
                className="tab"
                onClick={() => setSelected(index)}
                onKeyDown={onTabKey}
              >
                {candidate.tab}
              </button>
            ))}
          </div>
        ) : null}
      </div>

      <div id={panelId} role={tabs.length > 1 ? "tabpanel" : undefined} aria-labelledby={tabs.length > 1 ? tabId(selected) : undefined} className="panel-body">
        <div className="sort" role="group" aria-label="Sort by">
          {sorts.map((candidate) => (
            <button key={candidate} type="button" className="sort-button" aria-pressed={candidate === sortBy} onClick={() => setSort(candidate)}>
              {SORT_LABELS[candidate]}
            </button>
          ))}
        </div>

        {rows.length === 0 ? (
          <p className="panel-empty muted">{tab.dimension === "event" ? "No custom events in this range." : "No data in this range."}</p>
        ) : (
          <table className="breakdown">
            <caption className="visually-hidden">
              {tab.column}, top {rows.length} by {SORT_LABELS[sortBy].toLowerCase()}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tab.column}</th>
                <th scope="col" className="num">
                  {SORT_LABELS[sortBy]}
                </th>
                <th scope="col" className="num share">
                  <abbr title="Share of visitors">%</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const share = visitorShare(row.visitors, totalVisitors);
                const filterHref = dashboardHref(basePath, withFilter(state, { dimension: tab.dimension, operator: "is", value: row.value }));
                const propertiesOpen = state.props === row.value;
                return (
                  <tr key={row.value}>
                    <th scope="row" className="bar-cell" style={{ "--share": `${share}%` } as CSSProperties}>
                      <span className="bar-label">
                        <Link href={filterHref} title={`Filter by ${tab.column.toLowerCase()} ${row.label}`} className="bar-link">
                          {row.label}
                        </Link>
                        {withProperties ? (
                          <Link
                            href={dashboardHref(basePath, { ...state, props: propertiesOpen ? undefined : row.value })}
                            className="bar-extra"
                            aria-expanded={propertiesOpen}
                            aria-label={`${propertiesOpen ? "Hide" : "Show"} properties of ${row.label}`}
                            scroll={false}
                          >
                            {propertiesOpen ? "hide props" : "props"}
                          </Link>
                        ) : null}
                      </span>
                    </th>
                    <td className="num">{formatCount(row[sortBy])}</td>
                    <td className="num share muted">{formatShare(share)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}

        {withProperties && state.props !== undefined && children ? (
          <section className="properties" aria-labelledby={`${id}-properties`}>
            <div className="properties-head">
              <h3 id={`${id}-properties`}>
                Properties of <q>{state.props || NONE_LABEL}</q>
              </h3>
              <Link href={dashboardHref(basePath, { ...state, props: undefined })} className="panel-link" scroll={false}>
                Close<span className="visually-hidden"> properties</span>
              </Link>
            </div>
            {children}
          </section>
        ) : null}

        <div className="panel-foot">
          <Link href={dashboardHref(`${basePath}/details/${tab.dimension}`, state)} className="panel-link">
            Details<span className="visually-hidden">: all {tab.column.toLowerCase()} values</span>
          </Link>
          <a href={dashboardHref(`${basePath}/export/${tab.dimension}`, rangeAndFilters(state))} className="panel-link" download>
            CSV<span className="visually-hidden"> of all {tab.column.toLowerCase()} values</span>
          </a>
        </div>
      </div>
    </section>
  );
}
