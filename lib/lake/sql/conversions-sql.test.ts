import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversionStep, FunnelStep, Goal } from "@/lib/query/conversions-model";
import { EVENT_DIMENSIONS, type DashboardQuery, type Filter, type HourRange } from "@/lib/query/dashboard-model";
import { addHours, localHour } from "@/lib/query/reference/local-time";
import { globMatches, referenceFunnel, referenceGoalResults, stepMatches } from "@/lib/query/reference/reference-conversions";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import type { RawEvent } from "@/lib/query/reference/sessionize";
import { Random } from "@/lib/seed/random";
import { lakeFunnel, lakeGoalResults, stepMatchSql } from "./conversions-sql";
import { dashboardTablesSql, type RunSql } from "./dashboard-sql";
import { quoteString } from "./sql-literal";
import { openTrafficLakes, wholeRange, type TrafficLake, type TrafficLakes } from "./testing/traffic-lakes";
import { openWasmDuckDB } from "./testing/wasm-duckdb";
import { analyticsViewsSql } from "./views";

/*
 * Goals and funnels over the lake, run in the DuckDB-WASM build the browser
 * gets, against the reference (lib/query/reference/reference-conversions.ts)
 * over the same raw events: the property test's traffic (zones with DST
 * changes and half-hour offsets, twin timestamps, paths with `_` and `%`).
 * Seeded; CONVERSIONS_LAKE_SEED tries others.
 */
const SEED = Number(process.env.CONVERSIONS_LAKE_SEED ?? 20261207);
const CASES = 10;

const page = (pagePattern: string): ConversionStep => ({ kind: "page", pagePattern });
const event = (eventName: string, key?: string, value?: string): ConversionStep =>
  key === undefined ? { kind: "event", eventName } : { kind: "event", eventName, property: { key, value: value! } };

// Traps for a pattern taken as LIKE or as a regex: `_`, `%` and `.` must stand for themselves.
const GOALS: Goal[] = [
  page("/"),
  page("/*"),
  page("/**"),
  page("/blog/*"),
  page("/*/*"),
  page("/**_inlet"),
  page("/blog/why.inlet"),
  page("/docs/100%"),
  page("/docs/10_%"),
  page("/*bout"),
  event("signup"),
  event("click"),
  event("no-such-event"),
  event("signup", "plan", "pro"),
  event("signup", "plan", ""),
  event("signup", "seats", "12.5"),
  event("click", "target", "true"),
  event("click", "target", "null"),
  event("click", "target", "#cta"),
  event("download", "file", "Notes 100%.txt"),
].map((step, index) => ({ id: `goal-${index}`, name: `goal ${index}`, step }));

// Orders that traffic both follows and breaks, and a step repeated: one event must not serve two.
const FUNNELS: FunnelStep[][] = [
  [page("/**"), event("click"), page("/pricing"), event("signup")],
  [event("signup"), page("/"), page("/*")],
  [page("/*"), page("/*"), page("/*"), page("/*")],
  [{ ...page("/about"), name: "About" }, event("download", "size", "1024"), event("click", "n", "0")],
];

let traffic: TrafficLakes;
let lakes: TrafficLake[] = [];

beforeAll(async () => {
  traffic = await openTrafficLakes(SEED, 1);
  lakes = traffic.lakes;
}, 60_000);

afterAll(() => traffic?.close());

/** A filter on a value the range has, so it keeps something (session, page or event dimension). */
function randomFilter(random: Random, reference: ReferenceDashboard, range: HourRange): Filter {
  const dimension = random.pick([...EVENT_DIMENSIONS, "source", "country", "browser", "device"] as const);
  const values = [
    ...new Set(
      reference.keptEvents({ range, filters: [] }).flatMap(({ raw, pageview, session }) => {
        if (dimension === "page") return pageview ? [raw.path] : [];
        if (dimension === "event") return pageview ? [] : [raw.name];
        return [session.dimensions[dimension]];
      }),
    ),
  ].sort();
  return { dimension, operator: random.pick(["is", "is_not", "contains"] as const), value: values.length > 0 ? random.pick(values) : "" };
}

function drawCases(): { lake: TrafficLake; query: DashboardQuery }[] {
  const random = new Random(SEED ^ 0xc0de);
  return Array.from({ length: CASES }, (_, index) => {
    const lake = index < lakes.length ? lakes[index]! : random.pick(lakes);
    const all = wholeRange(lake.reference);
    // Around the site's DST change (or midnight), else the whole traffic and more.
    const range =
      index % 2 === 0
        ? (() => {
            const from = addHours(localHour(lake.site.anchor, lake.site.timeZone), -random.between(0, 6));
            return { from, to: addHours(from, random.pick([7, 25, 48])) };
          })()
        : { from: addHours(all.from, -random.between(0, 30)), to: addHours(all.to, random.between(0, 30)) };
    const filters = index % 3 === 0 ? [] : Array.from({ length: random.between(1, 2) }, () => randomFilter(random, lake.reference, range));
    return { lake, query: { range, filters } };
  });
}

describe("goals and funnels over the lake in DuckDB-WASM against the raw-event reference", () => {
  let drawn: ReturnType<typeof drawCases> | undefined;
  const cases = () => (drawn ??= drawCases());
  // Summed over all cases, to show the traffic exercises what the cases compare.
  const seen = { goalVisitors: 0, lastFunnelStep: 0, orderMatters: false };

  it.each(Array.from({ length: CASES }, (_, index) => index))("case %i", async (index) => {
    const { lake, query } = cases()[index]!;
    const replay = JSON.stringify({ seed: SEED, case: index, timeZone: lake.site.timeZone, query });
    const goals = await lakeGoalResults(lake.run, query, GOALS);
    expect(goals, replay).toEqual(referenceGoalResults(lake.reference, query, GOALS));
    for (const steps of FUNNELS) {
      const expected = referenceFunnel(lake.reference, query, steps);
      expect(await lakeFunnel(lake.run, query, steps), `${replay} funnel ${JSON.stringify(steps)}`).toEqual(expected);
      seen.lastFunnelStep += expected.at(-1)!.visitors;
      // Walked in the reverse order, the same steps reach a different count somewhere.
      const reversed = referenceFunnel(lake.reference, query, [...steps].reverse());
      if (reversed.at(-1)!.visitors !== expected.at(-1)!.visitors) seen.orderMatters = true;
    }
    seen.goalVisitors += goals.reduce((sum, goal) => sum + goal.visitors, 0);
  });

  it("had conversions, funnels walked to the end, and order that changes the answer", () => {
    expect(seen.goalVisitors).toBeGreaterThan(0);
    expect(seen.lastFunnelStep).toBeGreaterThan(0);
    expect(seen.orderMatters).toBe(true);
  });

  it("answers nothing for no goals and zeros over no files", async () => {
    const empty = await openWasmDuckDB();
    try {
      for (const statement of [...analyticsViewsSql({ parquetFiles: [], timeZone: "UTC" }), ...dashboardTablesSql()]) empty.query(statement);
      const run: RunSql = async (sql) => empty.query(sql);
      const query: DashboardQuery = { range: { from: "2026-03-28T00:00", to: "2026-03-29T00:00" }, filters: [] };
      expect(await lakeGoalResults(run, query, [])).toEqual([]);
      expect(await lakeGoalResults(run, query, GOALS.slice(0, 1))).toEqual([{ goal: GOALS[0], visitors: 0, conversions: 0, conversionRate: 0 }]);
      expect((await lakeFunnel(run, query, FUNNELS[0]!)).map((step) => step.visitors)).toEqual([0, 0, 0, 0]);
    } finally {
      empty.close();
    }
  });
});

describe("a step's SQL match", () => {
  const PATHS = ["/a.b", "/axb", "/a+b", "/aab", "/a(b)", "/100%", "/1000", "/a_b", "/a\\b", "/it's", "/x\ny", "/[a]", "/a/b/c", "/a$", "/^a", "/{1}", "/a|b", "/"];
  const PATTERNS = [...PATHS, "/a*b", "/a**", "/**", "/*", "/a?b", "/10_%", "/1%", "/a\\*", "/*/**", "/x**", "/x*", "/[*]", "/a*/*", "**"];

  it("matches a page pattern as the reference does, metacharacters taken literally", async () => {
    const duck = await openWasmDuckDB();
    try {
      const values = PATHS.map((path, index) => `(${index}, ${quoteString(path)})`).join(", ");
      const selects = PATTERNS.map((pattern, index) => `${stepMatchSql(page(pattern))} AS p${index}`).join(", ");
      const got = duck.query(`SELECT ${selects} FROM (SELECT true AS is_pageview, path FROM (VALUES ${values}) AS t(i, path) ORDER BY i)`);
      const mismatches = PATHS.flatMap((path, row) =>
        PATTERNS.flatMap((pattern, index) => (got[row]![`p${index}`] === globMatches(pattern, path) ? [] : [`${JSON.stringify(pattern)} on ${JSON.stringify(path)}`])),
      );
      expect(mismatches).toEqual([]);
    } finally {
      duck.close();
    }
  });

  it("matches an event's property as the reference does", async () => {
    const duck = await openWasmDuckDB();
    try {
      for (const statement of analyticsViewsSql({ parquetFiles: [], timeZone: "UTC" })) duck.query(statement);
      const PROPS = [null, {}, { plan: "pro" }, { plan: "Pro" }, { plan: 'p"ro' }, { plan: "a\\b" }, { n: 1 }, { n: "1" }, { n: true }, { plans: "pro", plan: "free" }, { "pl.n": "pro" }];
      const STEPS = [event("signup"), event("signup", "plan", "pro"), event("signup", "plan", 'p"ro'), event("signup", "plan", "a\\b"), event("signup", "n", "1"), event("signup", "n", "true"), event("signup", "pl.n", "pro"), event("other")];
      const values = PROPS.map((props, index) => `(${index}, ${props === null ? "NULL" : quoteString(JSON.stringify(props))})`).join(", ");
      const selects = STEPS.map((step, index) => `coalesce(${stepMatchSql(step)}, false) AS s${index}`).join(", ");
      const got = duck.query(`SELECT ${selects} FROM (SELECT false AS is_pageview, 'signup' AS name, props FROM (VALUES ${values}) AS t(i, props) ORDER BY i)`);
      const mismatches = PROPS.flatMap((props, row) =>
        STEPS.flatMap((step, index) => {
          const raw = { name: "signup", props, path: "/" } as unknown as RawEvent;
          return got[row]![`s${index}`] === stepMatches(step, raw) ? [] : [`${JSON.stringify(step)} on ${JSON.stringify(props)}`];
        }),
      );
      expect(mismatches).toEqual([]);
    } finally {
      duck.close();
    }
  });
});
