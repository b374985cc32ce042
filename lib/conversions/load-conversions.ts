import "server-only";
import { getDb, type Database } from "@/lib/db";
import { getFunnel, getGoalResults } from "@/lib/query/conversions";
import type { Funnel, FunnelStepResult, GoalResult } from "@/lib/query/conversions-model";
import type { DashboardQuery } from "@/lib/query/dashboard-model";
import { resolvePeriod, type DashboardState } from "@/lib/query/dashboard-url";
import type { DashboardSite } from "@/lib/query/query-plan";
import { listFunnels, listGoals } from "./definitions";

export interface DashboardConversions {
  goals: GoalResult[];
  funnels: Funnel[];
  /** The funnel the URL names, else the site's first; absent without funnels. */
  funnel?: { funnel: Funnel; steps: FunnelStepResult[] };
}

/** The dashboard's goals and funnel for `state`: nothing is queried for a site without them. */
export async function loadConversions(site: DashboardSite, state: DashboardState, options: { now: Date; db?: Database }): Promise<DashboardConversions> {
  const db = options.db ?? (await getDb());
  const [goals, funnels] = await Promise.all([listGoals(db, site.id), listFunnels(db, site.id)]);
  const query: DashboardQuery = { range: resolvePeriod(state, site.timeZone, options.now).range, filters: state.filters };
  const shown = funnels.find((funnel) => funnel.id === state.funnel) ?? funnels[0];
  const [goalResults, steps] = await Promise.all([
    getGoalResults(db, site, query, goals),
    shown ? getFunnel(db, site, query, shown.steps) : undefined,
  ]);
  return { goals: goalResults, funnels, funnel: shown && steps ? { funnel: shown, steps } : undefined };
}
