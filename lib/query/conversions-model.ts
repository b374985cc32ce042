/**
 * Goals and funnels: what counts as a conversion, and what the dashboard
 * answers about them. They follow the rules of dashboard-model.ts and count
 * the events a query keeps (range, filters), like every other number.
 *
 * - A **step** (a goal, or one step of a funnel) matches a pageview whose
 *   path fits `pagePattern`, or a custom event named `eventName`, with the
 *   top-level `property` as text (as in PropertyRow) equal to its value
 *   when one is given.
 * - **Page patterns** match the whole path: `*` stands for any run of
 *   characters other than `/`, `**` for any run at all
 *   (`/blog/*` matches `/blog/a` but not `/blog/a/b`; `/docs/**` both).
 *   Every other character stands for itself.
 * - A **goal's** numbers: `visitors` is the distinct visitors with a kept
 *   matching event, `conversions` the kept matching events, and
 *   `conversionRate` is 100 * visitors / the query's visitors (0 without any).
 * - A **funnel** is walked within one visit: a session reaches step k when
 *   its kept events, in (ts, seq) order, hold a match of step 1, then a later
 *   match of step 2, ... up to step k (one event never serves two steps).
 *   A step's `visitors` are the distinct visitors with a session that
 *   reached it.
 */

export type ConversionStep =
  | { kind: "page"; pagePattern: string }
  | { kind: "event"; eventName: string; property?: { key: string; value: string } };

/** A funnel's step: a copy of the goal it was made from, with that goal's name. */
export type FunnelStep = ConversionStep & { name?: string };

export const FUNNEL_MIN_STEPS = 2;
export const FUNNEL_MAX_STEPS = 8;

export interface Goal {
  id: string;
  name: string;
  step: ConversionStep;
}

export interface GoalResult {
  goal: Goal;
  visitors: number;
  conversions: number;
  /** Percent of the query's visitors, 0-100. */
  conversionRate: number;
}

export interface Funnel {
  id: string;
  name: string;
  steps: FunnelStep[];
}

export interface FunnelStepResult {
  step: FunnelStep;
  visitors: number;
}

/** A funnel step by the name of its goal, else by what it counts. */
export function stepLabel(step: FunnelStep): string {
  return step.name ?? describeStep(step);
}

/** A step as people read it: "Visit /blog/*", "signup (plan = pro)". */
export function describeStep(step: ConversionStep): string {
  if (step.kind === "page") return `Visit ${step.pagePattern}`;
  return step.property ? `${step.eventName} (${step.property.key} = ${step.property.value})` : step.eventName;
}

/**
 * A page pattern as an anchored regular expression (both JavaScript's and
 * PostgreSQL's `~` read it the same way: only `.*`, `[^/]*` and escapes).
 */
export function pagePatternRegex(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*" && pattern[i + 1] === "*") {
      out += ".*";
      i++;
    } else if (char === "*") out += "[^/]*";
    else out += /[\\^$.|?+()[\]{}]/.test(char) ? `\\${char}` : char;
  }
  return `^${out}$`;
}
