import Link from "next/link";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { readFor, type SiteAccess } from "@/lib/access";
import { dashboardHref, loadBreakdownPage, parseDashboardParams, parseListParams, rangeAndFilters, type Dimension } from "@/lib/query";
import { BreakdownTable } from "./breakdown-table";
import { DIMENSION_LABELS, displayValue, withLabels } from "./dimensions";
import { FilterBar } from "./filter-bar";
import { formatPeriod, formatRange } from "./format-time";

const PAGE_SIZE = 100;

interface BreakdownDetailsProps {
  access: SiteAccess;
  dimension: Dimension;
  /** The page's search parameters: the dashboard's state plus sort and page. */
  query: Record<string, string | string[] | undefined>;
  /** The dashboard this list belongs to: `/sites/<id>` or `/share/<token>`. */
  dashboardPath: string;
}

/** Every value of one dimension for the dashboard's period and filters, a hundred at a time. */
export async function BreakdownDetails({ access, dimension, query, dashboardPath }: BreakdownDetailsProps) {
  const { site } = access;
  const state = parseDashboardParams(query);
  const { sort, page } = parseListParams(query, dimension);
  const data = await readFor(access, (db) => loadBreakdownPage(site, state, dimension, { sort, page, pageSize: PAGE_SIZE }, { db }));

  const listPath = `${dashboardPath}/details/${dimension}`;
  const labels = DIMENSION_LABELS[dimension];
  const pageHref = (target: number) => dashboardHref(listPath, state, { sort: sort === "visitors" ? undefined : sort, page: target > 1 ? String(target) : undefined });

  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={dashboardHref(dashboardPath, state)} withSites={access.role !== null} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>{labels.plural}</h1>
        </div>
        <a href={dashboardHref(`${dashboardPath}/export/${dimension}`, rangeAndFilters(state))} className="button button-small" download>
          Download CSV
        </a>
      </header>
      <p className="muted dashboard-range">
        {formatPeriod(state, data.period.range)} · {formatRange(data.period.range)} · {site.timeZone}
      </p>
      <FilterBar basePath={listPath} valueLabels={state.filters.map((filter) => displayValue(filter.dimension, filter.value))} />

      <section className="card" aria-label={`${labels.plural}, page ${page}`}>
        {data.rows.length === 0 ? (
          <p className="panel-empty muted">{page > 1 ? "No more values: this page is past the end of the list." : "No data in this range."}</p>
        ) : (
          <div className="table-scroll">
            <BreakdownTable
              dimension={dimension}
              rows={withLabels(dimension, data.rows)}
              totalVisitors={data.totalVisitors}
              sort={sort}
              firstRank={(page - 1) * PAGE_SIZE + 1}
              dashboardPath={dashboardPath}
              listPath={listPath}
              state={state}
            />
          </div>
        )}
        {page > 1 || data.hasNext ? (
          <nav className="pagination" aria-label="Pages">
            {page > 1 ? (
              <Link href={pageHref(page - 1)} rel="prev" className="button button-small">
                Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="muted">Page {page}</span>
            {data.hasNext ? (
              <Link href={pageHref(page + 1)} rel="next" className="button button-small">
                Next
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
