import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { BreakdownPanels, BreakdownPanelsSkeleton } from "@/components/dashboard/breakdown-panels";
import { ChartCard } from "@/components/dashboard/chart-card";
import { Conversions } from "@/components/dashboard/conversions";
import { DateRangePicker } from "@/components/dashboard/date-range-picker";
import { displayValue } from "@/components/dashboard/dimensions";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { formatPeriod, formatRange } from "@/components/dashboard/format-time";
import { KpiCards } from "@/components/dashboard/kpi-cards";
import { LiveVisitors } from "@/components/dashboard/live-visitors";
import { InstallSnippet } from "@/components/install-snippet";
import { requireSiteAccess, roleMaySite } from "@/lib/access";
import { loadConversions } from "@/lib/conversions";
import { requestOrigin } from "@/lib/http/request-origin";
import { loadDashboardBreakdowns, loadDashboardSummary, localNow, parseDashboardParams } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

interface DashboardPageProps {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SiteDashboardPage({ params, searchParams }: DashboardPageProps) {
  const { site, role } = await requireSiteAccess((await params).siteId, "site:read");
  const state = parseDashboardParams(await searchParams);
  const now = new Date();
  // Both start now; the headline numbers are awaited, the panels stream in when ready.
  const summaryLoad = loadDashboardSummary(site, state, { now });
  const breakdowns = loadDashboardBreakdowns(site, state, { now });
  const conversions = loadConversions(site, state, { now });
  // Drawn only for a site with data; should that never happen, their failure must not go unheard as unhandled.
  breakdowns.catch(() => undefined);
  conversions.catch(() => undefined);
  const [summary, requestHeaders] = await Promise.all([summaryLoad, headers()]);
  const { period } = summary;
  const basePath = `/sites/${site.id}`;
  const install = <InstallSnippet origin={requestOrigin(requestHeaders)} publicKey={site.publicKey} prominent={!summary.hasEvents} />;

  return (
    <div className="dashboard">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/sites">Sites</Link> <span aria-hidden="true">/</span>
      </nav>
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>{site.name}</h1>
          <LiveVisitors siteId={site.id} initial={summary.liveVisitors} />
        </div>
        <div className="dashboard-actions">
          <DateRangePicker
            basePath={basePath}
            label={formatPeriod(state, period.range)}
            today={localNow(now, site.timeZone).day}
          />
          {role && roleMaySite(role, "site:system") ? (
            <Link href={`${basePath}/system`} className="button button-ghost">
              System
            </Link>
          ) : null}
        </div>
      </header>
      <p className="muted dashboard-range">
        {formatRange(period.range)} · compared with {formatRange(period.previous)} · {site.timeZone}
      </p>

      <FilterBar basePath={basePath} valueLabels={state.filters.map((filter) => displayValue(filter.dimension, filter.value))} />
      {summary.hasEvents ? null : install}
      <KpiCards kpis={summary.kpis} previous={summary.previousKpis} basePath={basePath} />
      <ChartCard series={summary.series} previousSeries={summary.previousSeries} period={period} basePath={basePath} />
      {summary.hasEvents ? (
        <>
          <Suspense fallback={<BreakdownPanelsSkeleton />}>
            <BreakdownPanels data={breakdowns} totalVisitors={summary.kpis.visitors} basePath={basePath} />
          </Suspense>
          <Suspense fallback={null}>
            <Conversions data={conversions} state={state} basePath={basePath} canEdit={role !== null && roleMaySite(role, "site:edit")} />
          </Suspense>
          {install}
        </>
      ) : null}
    </div>
  );
}
