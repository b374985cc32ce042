import "server-only";
import { eq, min } from "drizzle-orm";
import { getDb, type Database } from "@/lib/db";
import { events, sessions } from "@/lib/db/schema";
import type { Site } from "@/lib/tenancy/site";
import { getBreakdown, getBreakdowns, getKpis, getProperties, getSeries } from "./dashboard";
import { type BreakdownRow, type DashboardQuery, type Dimension, type Kpis, type PropertyRow, type SeriesPoint } from "./dashboard-model";
import { localNow, resolvePeriod, type BreakdownSort, type DashboardState, type ResolvedPeriod } from "./dashboard-url";
import { countLiveVisitors } from "./live-visitors";
import { sortBreakdown } from "./sort-breakdown";

type DashboardSite = Pick<Site, "id" | "timeZone">;

/**
 * Rows fetched per dimension for a panel. Panels show the top 9 by the
 * column the reader sorts by, client-side; fetching more than 9 (by visitors)
 * makes that re-sort right for all but the flattest long tails.
 */
export const PANEL_ROWS = 50;

export interface DashboardSummary {
  period: ResolvedPeriod;
  kpis: Kpis;
  previousKpis: Kpis;
  series: SeriesPoint[];
  previousSeries: SeriesPoint[];
  liveVisitors: number;
  /** False until the site's first event: the dashboard then shows how to install. */
  hasEvents: boolean;
}

export interface DashboardBreakdowns {
  breakdowns: Record<Dimension, BreakdownRow[]>;
  /** The properties of `state.props`, when an event's properties are open. */
  properties: PropertyRow[] | null;
}

interface LoadOptions {
  /** The same `now` for both halves of one dashboard, so they agree on the range. */
  now: Date;
  db?: Database;
}

/**
 * Whether the site has any event at all (any time, any kind): in the log,
 * or, for a site whose history has left the log for the lake
 * (lib/lake/retire-hot-days.ts), in the sessions it made. Both tables are
 * readable under a share link's row-level security; the lake's manifest is not.
 */
async function siteHasEvents(db: Database, site: DashboardSite): Promise<boolean> {
  const [hot] = await db.select({ id: events.id }).from(events).where(eq(events.siteId, site.id)).limit(1);
  if (hot) return true;
  const [retired] = await db.select({ siteId: sessions.siteId }).from(sessions).where(eq(sessions.siteId, site.id)).limit(1);
  return retired !== undefined;
}

/**
 * The site's first local day with data: its oldest session's (sessions stay
 * when hot rows retire to the lake) or oldest logged event's (not projected
 * yet), whichever is earlier. Both tables are readable under a share link's
 * row-level security; the lake's manifest is not. Undefined for a site
 * without data.
 */
async function siteFirstDay(db: Database, site: DashboardSite): Promise<string | undefined> {
  const [[session], [log]] = await Promise.all([
    db.select({ local: min(sessions.startedLocal) }).from(sessions).where(eq(sessions.siteId, site.id)),
    db.select({ ts: min(events.ts) }).from(events).where(eq(events.siteId, site.id)),
  ]);
  const days = [session?.local?.slice(0, 10), log?.ts ? localNow(log.ts, site.timeZone).day : null].filter((day): day is string => typeof day === "string");
  return days.sort()[0];
}

/** The state's period at `now`; "all" looks up where the site's data starts. */
export async function resolveSitePeriod(db: Database, site: DashboardSite, state: DashboardState, now: Date): Promise<ResolvedPeriod> {
  const firstDay = state.period === "all" ? await siteFirstDay(db, site) : undefined;
  return resolvePeriod(state, site.timeZone, now, { firstDay });
}

export interface DashboardHeader {
  period: ResolvedPeriod;
  liveVisitors: number;
  hasEvents: boolean;
}

/**
 * What the page needs around numbers it does not query itself (a range
 * beyond the hot window, which the browser computes from the lake): the
 * period, the live count, whether there is any data.
 */
export async function loadDashboardHeader(site: DashboardSite, state: DashboardState, options: LoadOptions): Promise<DashboardHeader> {
  const db = options.db ?? (await getDb());
  const [period, liveVisitors, hasEvents] = await Promise.all([
    resolveSitePeriod(db, site, state, options.now),
    countLiveVisitors(db, site, options.now),
    siteHasEvents(db, site),
  ]);
  return { period, liveVisitors, hasEvents };
}

/**
 * The top of the dashboard for `state`: KPIs and chart series of the range
 * and of the previous period, the live count, whether there is any data.
 * Queried in parallel. The caller passes a site it was allowed to read (lib/access).
 */
export async function loadDashboardSummary(site: DashboardSite, state: DashboardState, options: LoadOptions): Promise<DashboardSummary> {
  const db = options.db ?? (await getDb());
  const period = await resolveSitePeriod(db, site, state, options.now);
  const query: DashboardQuery = { range: period.range, filters: state.filters };
  const previousQuery: DashboardQuery = { range: period.previous, filters: state.filters };
  const [kpis, previousKpis, series, previousSeries, liveVisitors, hasEvents] = await Promise.all([
    getKpis(db, site, query),
    getKpis(db, site, previousQuery),
    getSeries(db, site, query, period.interval),
    getSeries(db, site, previousQuery, period.interval),
    countLiveVisitors(db, site, options.now),
    siteHasEvents(db, site),
  ]);
  return { period, kpis, previousKpis, series, previousSeries, liveVisitors, hasEvents };
}

/**
 * Every panel's rows (all dimensions, every tab) and the open event's
 * properties, queried in parallel. Kept apart from the summary so the page can
 * stream the panels in after the headline numbers: there are many more of them.
 */
export async function loadDashboardBreakdowns(site: DashboardSite, state: DashboardState, options: LoadOptions): Promise<DashboardBreakdowns> {
  const db = options.db ?? (await getDb());
  const period = await resolveSitePeriod(db, site, state, options.now);
  const query: DashboardQuery = { range: period.range, filters: state.filters };
  const [breakdowns, properties] = await Promise.all([
    getBreakdowns(db, site, query, { limit: PANEL_ROWS }),
    state.props === undefined ? null : getProperties(db, site, query, state.props),
  ]);
  return { breakdowns, properties };
}

/**
 * Everything the dashboard draws for `state`, both halves at once: what the
 * page queries for one view (the page itself awaits them apart, to stream).
 */
export async function loadDashboard(
  site: DashboardSite,
  state: DashboardState,
  options: { now?: Date; db?: Database } = {},
): Promise<DashboardSummary & DashboardBreakdowns> {
  const load = { now: options.now ?? new Date(), db: options.db ?? (await getDb()) };
  const [summary, breakdowns] = await Promise.all([loadDashboardSummary(site, state, load), loadDashboardBreakdowns(site, state, load)]);
  return { ...summary, ...breakdowns };
}

export interface BreakdownPage {
  period: ResolvedPeriod;
  /** Visitors of the whole range, for each row's share. */
  totalVisitors: number;
  rows: BreakdownRow[];
  hasNext: boolean;
}

/**
 * One page of a dimension's full list, sorted by `sort`. The query orders by
 * visitors, so that order pages in SQL; any other order needs every row.
 */
export async function loadBreakdownPage(
  site: DashboardSite,
  state: DashboardState,
  dimension: Dimension,
  list: { sort: BreakdownSort; page: number; pageSize: number },
  options: { now?: Date; db?: Database } = {},
): Promise<BreakdownPage> {
  const db = options.db ?? (await getDb());
  const period = await resolveSitePeriod(db, site, state, options.now ?? new Date());
  const query: DashboardQuery = { range: period.range, filters: state.filters };
  const offset = (list.page - 1) * list.pageSize;
  const [kpis, fetched] = await Promise.all([
    getKpis(db, site, query),
    list.sort === "visitors"
      ? getBreakdown(db, site, query, dimension, { limit: list.pageSize + 1, offset })
      : getBreakdown(db, site, query, dimension).then((all) => sortBreakdown(all, list.sort).slice(offset, offset + list.pageSize + 1)),
  ]);
  return { period, totalVisitors: kpis.visitors, rows: fetched.slice(0, list.pageSize), hasNext: fetched.length > list.pageSize };
}

/** Every row of a dimension for the state's range and filters, for export. */
export async function loadBreakdownExport(
  site: DashboardSite,
  state: DashboardState,
  dimension: Dimension,
  options: { now?: Date; db?: Database } = {},
): Promise<{ period: ResolvedPeriod; rows: BreakdownRow[] }> {
  const db = options.db ?? (await getDb());
  const period = await resolveSitePeriod(db, site, state, options.now ?? new Date());
  const rows = await getBreakdown(db, site, { range: period.range, filters: state.filters }, dimension);
  return { period, rows };
}
