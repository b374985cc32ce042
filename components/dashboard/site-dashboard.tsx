import { headers } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { InstallSnippet } from "@/components/install-snippet";
import { AskBox } from "@/components/nlq/ask-box";
import { readFor, roleMaySite, type SiteAccess } from "@/lib/access";
import { loadConversionDefinitions, loadConversions, type ConversionDefinitions } from "@/lib/conversions";
import { requestOrigin } from "@/lib/http/request-origin";
import {
  hotWindowStart,
  loadDashboardBreakdowns,
  loadDashboardHeader,
  loadDashboardSummary,
  localNow,
  resolveSitePeriod,
  type DashboardHeader,
  type DashboardState,
  type DashboardSummary,
} from "@/lib/query";
import { BreakdownPanels, BreakdownPanelsSkeleton } from "./breakdown-panels";
import { ChartCard } from "./chart-card";
import { Conversions } from "./conversions";
import { DateRangePicker } from "./date-range-picker";
import { displayValue } from "./dimensions";
import { FilterBar } from "./filter-bar";
import { formatPeriod, formatRange } from "./format-time";
import { KpiCards } from "./kpi-cards";
import { LakeDashboard } from "./lake-dashboard";
import { LiveVisitors } from "./live-visitors";

interface SiteDashboardProps {
  access: SiteAccess;
  state: DashboardState;
  /** Where this dashboard lives: `/sites/<id>` for members, `/share/<token>` for a share link. */
  basePath: string;
  /** A share link's token, for the live counter's requests; absent for members. */
  shareToken?: string;
}

/**
 * The dashboard of one site, for its members and, read-only, for a share
 * link's readers: no install snippet, no links to settings, goals or the
 * system view (role is null for them). A share link's queries run under
 * row-level security (readFor).
 *
 * A range that starts before the hot window (the days Postgres keeps every
 * event of) is computed in the reader's browser from the lake
 * (LakeDashboard), goals and funnels included, from their definitions
 * loaded here; the header, period menu and filters stay the same.
 */
export async function SiteDashboard({ access, state, basePath, shareToken }: SiteDashboardProps) {
  const { site, role } = access;
  const now = new Date();
  const resolved = await readFor(access, (db) => resolveSitePeriod(db, site, state, now));
  const fromLake = resolved.range.from < hotWindowStart(site.timeZone, site.hotRetentionDays, now);
  // All start now; the headline numbers are awaited, the panels stream in when ready.
  const summaryLoad: Promise<DashboardHeader | DashboardSummary> = fromLake
    ? readFor(access, (db) => loadDashboardHeader(site, state, { now, db }))
    : readFor(access, (db) => loadDashboardSummary(site, state, { now, db }));
  const breakdowns = fromLake ? null : readFor(access, (db) => loadDashboardBreakdowns(site, state, { now, db }));
  const conversions = fromLake ? null : readFor(access, (db) => loadConversions(site, state, { now, db }));
  const definitions: Promise<ConversionDefinitions | null> = fromLake ? readFor(access, (db) => loadConversionDefinitions(site.id, { db })) : Promise.resolve(null);
  // Drawn only for a site with data; should that never happen, their failure must not go unheard as unhandled.
  breakdowns?.catch(() => undefined);
  conversions?.catch(() => undefined);
  const [summary, requestHeaders, conversionDefinitions] = await Promise.all([summaryLoad, headers(), definitions]);
  const canEdit = role !== null && roleMaySite(role, "site:edit");
  const { period } = summary;
  const install = role ? <InstallSnippet origin={requestOrigin(requestHeaders)} publicKey={site.publicKey} prominent={!summary.hasEvents} /> : null;

  return (
    <div className="dashboard">
      {role ? (
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link href="/sites">Sites</Link> <span aria-hidden="true">/</span>
        </nav>
      ) : null}
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>{site.name}</h1>
          <LiveVisitors siteId={site.id} initial={summary.liveVisitors} shareToken={shareToken} />
        </div>
        <div className="dashboard-actions">
          <DateRangePicker basePath={basePath} label={formatPeriod(state, period.range)} today={localNow(now, site.timeZone).day} />
          {role ? (
            <>
              <Link href={`${basePath}/explore`} className="button button-ghost">
                Explore
              </Link>
              <Link href={`${basePath}/install`} className="button button-ghost">
                Install
              </Link>
            </>
          ) : null}
          {role && roleMaySite(role, "site:edit") ? (
            <>
              <Link href={`${basePath}/sharing`} className="button button-ghost">
                Share
              </Link>
              <Link href={`${basePath}/settings`} className="button button-ghost">
                Settings
              </Link>
            </>
          ) : null}
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

      {/* Questions are answered on the Explore page, which members may open (share links see the dashboard only). */}
      {role ? <AskBox siteId={site.id} /> : null}
      <FilterBar basePath={basePath} valueLabels={state.filters.map((filter) => displayValue(filter.dimension, filter.value))} />
      {summary.hasEvents ? null : (install ?? <p className="card empty">No data yet.</p>)}
      {"kpis" in summary ? (
        <>
          <KpiCards kpis={summary.kpis} previous={summary.previousKpis} basePath={basePath} />
          <ChartCard series={summary.series} previousSeries={summary.previousSeries} period={period} basePath={basePath} />
        </>
      ) : null}
      {summary.hasEvents && !("kpis" in summary) && conversionDefinitions ? (
        <>
          <LakeDashboard
            siteId={site.id}
            shareToken={shareToken}
            period={period}
            filters={state.filters}
            props={state.props}
            definitions={conversionDefinitions}
            funnel={state.funnel}
            basePath={basePath}
            canEdit={canEdit}
          />
          {install}
        </>
      ) : null}
      {summary.hasEvents && breakdowns && conversions && "kpis" in summary ? (
        <>
          <Suspense fallback={<BreakdownPanelsSkeleton />}>
            <BreakdownPanels data={breakdowns} totalVisitors={summary.kpis.visitors} basePath={basePath} />
          </Suspense>
          <Suspense fallback={null}>
            <Conversions data={conversions} state={state} basePath={basePath} canEdit={canEdit} />
          </Suspense>
          {install}
        </>
      ) : null}
    </div>
  );
}
