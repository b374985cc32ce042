import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { DIMENSION_LABELS, displayValue, withLabels } from "@/components/dashboard/dimensions";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { formatPeriod, formatRange } from "@/components/dashboard/format-time";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { requireSiteAccess } from "@/lib/access";
import { dashboardHref, loadBreakdownPage, parseDashboardParams, parseDimension, parseListParams, rangeAndFilters } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Details" };

const PAGE_SIZE = 100;

interface DetailsPageProps {
  params: Promise<{ siteId: string; dimension: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Every value of one dimension for the dashboard's period and filters, a hundred at a time. */
export default async function BreakdownDetailsPage({ params, searchParams }: DetailsPageProps) {
  const { siteId, dimension: segment } = await params;
  const { site } = await requireSiteAccess(siteId, "site:read");
  const dimension = parseDimension(segment);
  if (!dimension) notFound();
  const query = await searchParams;
  const state = parseDashboardParams(query);
  const { sort, page } = parseListParams(query, dimension);
  const data = await loadBreakdownPage(site, state, dimension, { sort, page, pageSize: PAGE_SIZE });

  const dashboardPath = `/sites/${site.id}`;
  const listPath = `${dashboardPath}/details/${dimension}`;
  const labels = DIMENSION_LABELS[dimension];
  const pageHref = (target: number) => dashboardHref(listPath, state, { sort: sort === "visitors" ? undefined : sort, page: target > 1 ? String(target) : undefined });

  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={dashboardHref(dashboardPath, state)} />
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
