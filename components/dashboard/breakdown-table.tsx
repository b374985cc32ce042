import Link from "next/link";
import type { CSSProperties } from "react";
import type { Dimension } from "@/lib/query/dashboard-model";
import { dashboardHref, sortsFor, withFilter, type BreakdownSort, type DashboardState } from "@/lib/query/dashboard-url";
import { DIMENSION_LABELS, SORT_LABELS, type DisplayRow } from "./dimensions";
import { formatCount, formatShare, visitorShare } from "./format-metric";

interface BreakdownTableProps {
  dimension: Dimension;
  rows: DisplayRow[];
  totalVisitors: number;
  sort: BreakdownSort;
  /** The rank of the first row (1 on the first page). */
  firstRank: number;
  dashboardPath: string;
  listPath: string;
  state: DashboardState;
}

/** A dimension's full list: every count, sortable by each column through the URL. */
export function BreakdownTable({ dimension, rows, totalVisitors, sort, firstRank, dashboardPath, listPath, state }: BreakdownTableProps) {
  const column = DIMENSION_LABELS[dimension].name;
  const sorts = sortsFor(dimension);
  const cell = (candidate: BreakdownSort) => (candidate === sort ? "num" : "num num-secondary");
  return (
    <>
      <nav className="sort" aria-label="Sort by">
        {sorts.map((candidate) => (
          <Link
            key={candidate}
            href={dashboardHref(listPath, state, { sort: candidate === "visitors" ? undefined : candidate })}
            className="sort-button"
            aria-current={candidate === sort ? "true" : undefined}
            scroll={false}
          >
            {SORT_LABELS[candidate]}
          </Link>
        ))}
      </nav>
      <table className="breakdown breakdown-full">
        <caption className="visually-hidden">
          {DIMENSION_LABELS[dimension].plural} sorted by {SORT_LABELS[sort].toLowerCase()}; each value links to the dashboard filtered by it
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rank">
              #
            </th>
            <th scope="col">{column}</th>
            {sorts.map((candidate) => (
              <th key={candidate} scope="col" className={cell(candidate)} aria-sort={candidate === sort ? "descending" : undefined}>
                {SORT_LABELS[candidate]}
                {candidate === sort ? <span aria-hidden="true"> ↓</span> : null}
              </th>
            ))}
            <th scope="col" className="num share">
              <abbr title="Share of visitors">%</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const share = visitorShare(row.visitors, totalVisitors);
            return (
              <tr key={row.value}>
                <td className="rank muted">{firstRank + index}</td>
                <th scope="row" className="bar-cell" style={{ "--share": `${share}%` } as CSSProperties}>
                  <span className="bar-label">
                    <Link href={dashboardHref(dashboardPath, withFilter(state, { dimension, operator: "is", value: row.value }))} className="bar-link" title={row.label}>
                      {row.label}
                    </Link>
                  </span>
                </th>
                {sorts.map((candidate) => (
                  <td key={candidate} className={cell(candidate)}>
                    {formatCount(row[candidate])}
                  </td>
                ))}
                <td className="num share muted">{formatShare(share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
