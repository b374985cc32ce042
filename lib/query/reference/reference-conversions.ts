/**
 * Goals and funnels computed from a ReferenceDashboard's kept events, the
 * slow and obvious way, by the rules of lib/query/conversions-model.ts.
 * Page patterns are matched by a small backtracking matcher here, not by
 * the regular expression the SQL uses.
 */
import type { DashboardQuery } from "../dashboard-model";
import type { ConversionStep, FunnelStepResult, Goal, GoalResult } from "../conversions-model";
import type { ReferenceDashboard } from "./reference-dashboard";
import { compareEvents, type RawEvent } from "./sessionize";

export function referenceGoalResults(reference: ReferenceDashboard, query: DashboardQuery, goals: readonly Goal[]): GoalResult[] {
  const kept = reference.keptEvents(query);
  const allVisitors = new Set(kept.map((event) => event.raw.visitorId)).size;
  return goals.map((goal) => {
    const matching = kept.filter((event) => stepMatches(goal.step, event.raw));
    const visitors = new Set(matching.map((event) => event.raw.visitorId)).size;
    return { goal, visitors, conversions: matching.length, conversionRate: allVisitors === 0 ? 0 : (100 * visitors) / allVisitors };
  });
}

export function referenceFunnel(reference: ReferenceDashboard, query: DashboardQuery, steps: readonly ConversionStep[]): FunnelStepResult[] {
  const reached = steps.map(() => new Set<string>());
  const bySession = new Map<unknown, RawEvent[]>();
  for (const event of reference.keptEvents(query)) {
    const list = bySession.get(event.session) ?? [];
    list.push(event.raw);
    bySession.set(event.session, list);
  }
  for (const events of bySession.values()) {
    events.sort(compareEvents);
    let next = 0;
    for (const event of events) {
      if (next < steps.length && stepMatches(steps[next]!, event)) reached[next++]!.add(event.visitorId);
    }
  }
  return steps.map((step, index) => ({ step, visitors: reached[index]!.size }));
}

export function stepMatches(step: ConversionStep, event: RawEvent): boolean {
  if (step.kind === "page") return event.name === "pageview" && globMatches(step.pagePattern, event.path);
  if (event.name === "pageview" || event.name !== step.eventName) return false;
  if (!step.property) return true;
  const props = event.props;
  if (props === null || typeof props !== "object" || Array.isArray(props) || !(step.property.key in props)) return false;
  const raw = (props as Record<string, unknown>)[step.property.key];
  return (typeof raw === "string" ? raw : JSON.stringify(raw)) === step.property.value;
}

/** `**` any run of characters, `*` any run without "/", anything else itself. */
export function globMatches(pattern: string, text: string): boolean {
  if (pattern === "") return text === "";
  if (pattern.startsWith("**")) {
    for (let cut = 0; cut <= text.length; cut++) if (globMatches(pattern.slice(2), text.slice(cut))) return true;
    return false;
  }
  if (pattern.startsWith("*")) {
    for (let cut = 0; cut <= text.length && !text.slice(0, cut).includes("/"); cut++) {
      if (globMatches(pattern.slice(1), text.slice(cut))) return true;
    }
    return false;
  }
  return text.length > 0 && pattern[0] === text[0] && globMatches(pattern.slice(1), text.slice(1));
}
