import "server-only";
import { getDb, type Database } from "@/lib/db";
import { getFunnel, getGoalResults } from "@/lib/query/conversions";
import type { Funnel, FunnelStepResult, Goal, GoalResult } from "@/lib/query/conversions-model";
import type { DashboardQuery } from "@/lib/query/dashboard-model";
import { resolvePeriod, type DashboardState } from "@/lib/query/dashboard-url";
import type { DashboardSite } from "@/lib/query/query-plan";
import { chooseFunnel } from "./choose-funnel";
import { listFunnels, listGoals } from "./definitions";

export interface DashboardConversions {
  goals: GoalResult[];
  funnels: Funnel[];
  /** The funnel the URL names, else the site's first; absent without funnels. */
  funnel?: { funnel: Funnel; steps: FunnelStepResult[] };
}

/** A site's goals and funnels as defined, without their numbers. */
export interface ConversionDefinitions {
  goals: Goal[];
  funnels: Funnel[];
}

/**
 * A site's goal and funnel definitions, no numbers computed: for the
 * dashboard that computes them in the browser (ranges beyond the hot window).
 */
export async function loadConversionDefinitions(siteId: string, options: { db?: Database } = {}): Promise<ConversionDefinitions> {
  const db = options.db ?? (await getDb());
  const [goals, funnels] = await Promise.all([listGoals(db, siteId), listFunnels(db, siteId)]);
  return { goals, funnels };
}

/** The dashboard's goals and funnel for `state`: nothing is queried for a site without them. */
export async function loadConversions(site: DashboardSite, state: DashboardState, options: { now: Date; db?: Database }): Promise<DashboardConversions> {
  const db = options.db ?? (await getDb());
  const { goals, funnels } = await loadConversionDefinitions(site.id, { db });
  const query: DashboardQuery = { range: resolvePeriod(state, site.timeZone, options.now).range, filters: state.filters };
  const shown = chooseFunnel(funnels, state.funnel);
  const [goalResults, steps] = await Promise.all([
    getGoalResults(db, site, query, goals),
    shown ? getFunnel(db, site, query, shown.steps) : undefined,
  ]);
  return { goals: goalResults, funnels, funnel: shown && steps ? { funnel: shown, steps } : undefined };
}
