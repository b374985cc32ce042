import { beforeAll, expect, it } from "vitest";
import { schema, type Database } from "@/lib/db";
import { catchUp, projections } from "@/lib/projections";
import { Random, weightedTable } from "@/lib/seed/random";
import { describeEachDatabase } from "@/lib/testing/databases";
import { CUSTOM_EVENTS, randomTraffic, shuffled, type RandomTraffic, type TrafficEvent } from "@/lib/testing/random-traffic";
import { getFunnel, getGoalResults } from "./conversions";
import { FUNNEL_MAX_STEPS, type ConversionStep, type Goal } from "./conversions-model";
import { getBreakdown, getBreakdowns, getKpis, getProperties, getSeries } from "./dashboard";
import { planQuery } from "./query-plan";
import { splitIntoWholeDays } from "./whole-days";
import {
  DIMENSIONS,
  EVENT_DIMENSIONS,
  FILTER_OPERATORS,
  INTERVALS,
  KPIS,
  SESSION_GAP_MS,
  type BreakdownRow,
  type DashboardQuery,
  type Dimension,
  type Filter,
  type HourRange,
  type Interval,
  type Kpi,
  type Kpis,
  type PropertyRow,
} from "./dashboard-model";
import { addHours, hoursOf, localHour, utcOffsetMinutes } from "./reference/local-time";
import { referenceFunnel, referenceGoalResults } from "./reference/reference-conversions";
import { compareBreakdownRows, ReferenceDashboard } from "./reference/reference-dashboard";
import { sessionize, type RawEvent } from "./reference/sessionize";

/*
 * The dashboard's SQL (over the sessions and hourly_hits read models) against
 * the reference (lib/query/reference), which answers from the raw events in
 * plain TypeScript. Everything is seeded: a failing case replays with the same
 * seed, by its number (`-t "case 17"`). DASHBOARD_PROPERTY_SEED tries others.
 */
const SEED = Number(process.env.DASHBOARD_PROPERTY_SEED ?? 20261121);
const CASES = 64;
/** Ratios (views per visit, bounce rate, duration) may differ by float rounding only. */
const RELATIVE_TOLERANCE = 1e-9;
const COUNTS: ReadonlySet<Kpi> = new Set(["visitors", "visits", "pageviews"]);

const traffic = withDailyVisitorIds(randomTraffic(SEED));
/**
 * Every other site's visitor ids carry their local day, as the collector makes
 * them: without filters, their whole days come from daily_stats
 * (whole-days.ts). On the others, ids reach across days and the exact path answers.
 */
function withDailyVisitorIds(generated: RandomTraffic): RandomTraffic {
  const zones = new Map(generated.sites.filter((_, index) => index % 2 === 0).map((site) => [site.id, site.timeZone]));
  const perDay = (event: TrafficEvent): TrafficEvent => {
    const zone = zones.get(event.siteId);
    return zone === undefined ? event : { ...event, visitorId: `${event.visitorId}.${localHour(event.ts, zone).slice(0, 10)}` };
  };
  return { ...generated, appends: generated.appends.map((batch) => batch.map(perDay)) };
}
/** Cases answered by whole days (whole-days.ts), without filters and with session filters, counted as they run. */
const wholeDayCases = { unfiltered: 0, filtered: 0 };
const appendedIds = traffic.appends.map((batch) => new Set(batch.map((event) => event.id)));

interface Case {
  index: number;
  siteIndex: number;
  query: DashboardQuery;
  interval: Interval;
  goals: Goal[];
  funnel: ConversionStep[];
}

// Cases are drawn before any database opens, from the generated events (in
// append order, as their seq will be): filter values need only be plausible.
const cases = drawCases();

describeEachDatabase("dashboard queries against the raw-event reference", (database) => {
  /** Per site id: the reference over the rows as the database holds them (with their real seq). */
  const references = new Map<string, ReferenceDashboard>();
  let storedRows: RawEvent[] = [];

  beforeAll(async () => {
    Object.assign(wholeDayCases, { unfiltered: 0, filtered: 0 });
    const { db } = database();
    const [organisation] = await db.insert(schema.organisations).values({ name: "Property test" }).returning();
    for (const site of traffic.sites) {
      await db.insert(schema.sites).values({ id: site.id, organisationId: organisation!.id, name: site.name, publicKey: site.publicKey, timeZone: site.timeZone });
    }
    // Each later batch arrives after the read models have caught up: its
    // events are late, earlier than events already projected.
    for (const batch of traffic.appends) {
      await append(db, batch);
      await catchUpOn(db, batch.length);
    }
    storedRows = await db.select().from(schema.events);
    // The reference must order events itself, by (ts, seq): hand it the rows
    // in no particular order rather than in the order they were stored.
    storedRows = shuffled(new Random(SEED), storedRows);
    for (const site of traffic.sites) {
      references.set(site.id, new ReferenceDashboard(storedRows.filter((row) => row.siteId === site.id), site.timeZone));
    }
  }, 300_000);

  it("has data that exercises the rules: late merges, repeat visits, the session boundary, DST, full breakdowns", () => {
    expect(storedRows).toHaveLength(traffic.appends.flat().length);
    const facts = {
      sessionsMergedByLateEvents: 0,
      sessionsOpenedByLateEvents: 0,
      visitorsWithThreeSessions: 0,
      gapsOfExactly30Minutes: 0,
      splitsAt30MinutesAnd1Ms: 0,
      repeatedDstHours: 0,
    };
    for (const site of traffic.sites) {
      const rows = storedRows.filter((row) => row.siteId === site.id);
      const firstAppendSession = new Map<string, number>();
      sessionize(rows.filter((row) => appendedIds[0]!.has(row.id))).forEach((session, index) => {
        for (const event of session.events) firstAppendSession.set(event.id, index);
      });
      const sessions = references.get(site.id)!.sessions;
      const perVisitor = new Map<string, number>();
      for (const session of sessions) {
        const before = new Set(session.events.flatMap((event) => firstAppendSession.get(event.id) ?? []));
        if (before.size >= 2) facts.sessionsMergedByLateEvents++;
        if (before.size >= 1 && !firstAppendSession.has(session.events[0]!.id)) facts.sessionsOpenedByLateEvents++;
        perVisitor.set(session.visitorId, (perVisitor.get(session.visitorId) ?? 0) + 1);
        session.events.forEach((event, index) => {
          if (index > 0 && event.ts.getTime() - session.events[index - 1]!.ts.getTime() === SESSION_GAP_MS) facts.gapsOfExactly30Minutes++;
        });
      }
      facts.visitorsWithThreeSessions += [...perVisitor.values()].filter((count) => count >= 3).length;
      for (const [index, session] of sessions.entries()) {
        const next = sessions[index + 1];
        if (next?.visitorId === session.visitorId && next.start.getTime() - session.end.getTime() === SESSION_GAP_MS + 1) {
          facts.splitsAt30MinutesAnd1Ms++;
        }
      }
      const offsetsByHour = new Map<string, Set<number>>();
      for (const row of rows) {
        const hour = localHour(row.ts, site.timeZone);
        offsetsByHour.set(hour, (offsetsByHour.get(hour) ?? new Set()).add(utcOffsetMinutes(row.ts, site.timeZone)));
      }
      facts.repeatedDstHours += [...offsetsByHour.values()].filter((offsets) => offsets.size > 1).length;
    }
    const minimums: Record<keyof typeof facts, number> = {
      sessionsMergedByLateEvents: 3,
      sessionsOpenedByLateEvents: 3,
      visitorsWithThreeSessions: 5,
      gapsOfExactly30Minutes: 3,
      splitsAt30MinutesAnd1Ms: 3,
      repeatedDstHours: 1,
    };
    for (const [fact, minimum] of Object.entries(minimums)) {
      expect(facts[fact as keyof typeof facts], `${fact} in ${JSON.stringify(facts)}`).toBeGreaterThanOrEqual(minimum);
    }

    // Over everything, every breakdown of every site has rows, and across
    // sites every dimension shows several values, the empty one among them
    // for the dimensions that can be missing.
    const valuesSeen = new Map<Dimension, Set<string>>(DIMENSIONS.map((dimension) => [dimension, new Set()]));
    for (const site of traffic.sites) {
      const reference = references.get(site.id)!;
      const everything = wholeRange(reference);
      for (const dimension of DIMENSIONS) {
        const rows = reference.breakdown({ range: everything, filters: [] }, dimension);
        expect(rows.length, `${site.timeZone} ${dimension}`).toBeGreaterThan(0);
        for (const row of rows) valuesSeen.get(dimension)!.add(row.value);
      }
    }
    for (const [dimension, values] of valuesSeen) {
      expect(values.size, dimension).toBeGreaterThan(2);
      if (dimension !== "page" && dimension !== "event" && dimension !== "source") expect(values.has(""), dimension).toBe(true);
    }

    // And the cases ask about data, about nothing, and through filters.
    const answered = cases.map((testCase) => references.get(traffic.sites[testCase.siteIndex]!.id)!.kpis(testCase.query));
    expect(answered.filter((kpis) => kpis.visits > 0).length).toBeGreaterThan(CASES / 2);
    expect(answered.filter((kpis) => kpis.visitors === 0).length).toBeGreaterThan(CASES / 20);
    expect(cases.filter((testCase, index) => testCase.query.filters.length > 0 && answered[index]!.visitors > 0).length).toBeGreaterThan(CASES / 4);
  });

  for (const testCase of cases) {
    const site = traffic.sites[testCase.siteIndex]!;
    const title = `case ${testCase.index}: ${site.timeZone} ${testCase.query.range.from}..${testCase.query.range.to} by ${testCase.interval}, ${testCase.query.filters.length} filter(s)`;
    it(title, async () => {
      const { db } = database();
      const reference = references.get(site.id)!;
      const { query, interval } = testCase;
      const dashboardSite = { id: site.id, timeZone: site.timeZone };
      const mismatches: string[] = [];
      const call = async <T,>(label: string, run: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await run();
        } catch (error) {
          mismatches.push(`${label} threw ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      };

      if (await splitIntoWholeDays(db, planQuery(dashboardSite, query))) wholeDayCases[query.filters.length === 0 ? "unfiltered" : "filtered"]++;
      const kpis = await call("getKpis", () => getKpis(db, dashboardSite, query));
      if (kpis) compareKpis("getKpis", reference.kpis(query), kpis, mismatches);

      const series = await call("getSeries", () => getSeries(db, dashboardSite, query, interval));
      if (series) {
        const expected = reference.series(query, interval);
        const buckets = (points: { bucket: string }[]) => points.map((point) => point.bucket).join(" ");
        if (buckets(series) !== buckets(expected)) {
          mismatches.push(`getSeries(${interval}) buckets: expected [${buckets(expected)}], got [${buckets(series)}]`);
        } else {
          expected.forEach((point, index) => compareKpis(`getSeries(${interval})[${point.bucket}]`, point, series[index]!, mismatches));
        }
      }

      for (const dimension of DIMENSIONS) {
        const rows = await call(`getBreakdown(${dimension})`, () => getBreakdown(db, dashboardSite, query, dimension));
        if (rows) compareBreakdown(dimension, reference.breakdown(query, dimension), rows, mismatches);
      }

      // The panels' query: every dimension's top rows at once.
      const panels = await call("getBreakdowns", () => getBreakdowns(db, dashboardSite, query, { limit: PANEL_ROWS }));
      for (const dimension of panels ? DIMENSIONS : []) {
        const text = (rows: BreakdownRow[]) => JSON.stringify(rows.map(({ value, visitors, visits, pageviews, events }) => [value, visitors, visits, pageviews, events]));
        const expected = text(reference.breakdown(query, dimension).sort(compareBreakdownRows).slice(0, PANEL_ROWS));
        const got = text(panels![dimension]);
        if (got !== expected) mismatches.push(`getBreakdowns(limit ${PANEL_ROWS}).${dimension}: expected ${expected}, got ${got}`);
      }

      for (const name of [...CUSTOM_EVENTS, "no-such-event"]) {
        const rows = await call(`getProperties(${name})`, () => getProperties(db, dashboardSite, query, name));
        if (rows) compareProperties(name, reference.properties(query, name), rows, mismatches);
      }

      const goals = await call("getGoalResults", () => getGoalResults(db, dashboardSite, query, testCase.goals));
      if (goals) {
        const expected = referenceGoalResults(reference, query, testCase.goals);
        expected.forEach((want, index) => {
          const got = goals[index]!;
          if (got.visitors !== want.visitors || got.conversions !== want.conversions || !closeEnough(want.conversionRate, got.conversionRate)) {
            mismatches.push(`goal ${JSON.stringify(want.goal.step)}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
          }
        });
      }
      const funnel = await call("getFunnel", () => getFunnel(db, dashboardSite, query, testCase.funnel));
      if (funnel) {
        const counts = (steps: { visitors: number }[]) => steps.map((step) => step.visitors).join(" > ");
        const expected = referenceFunnel(reference, query, testCase.funnel);
        if (counts(funnel) !== counts(expected)) {
          mismatches.push(`funnel ${JSON.stringify(testCase.funnel)}: expected ${counts(expected)}, got ${counts(funnel)}`);
        }
      }

      const replay = JSON.stringify({ seed: SEED, case: testCase.index, siteId: site.id, timeZone: site.timeZone, query, interval });
      // The message carries every mismatch: vitest would cut a long array short.
      expect(mismatches.length, `replay ${replay}\n${mismatches.slice(0, 60).join("\n")}\n`).toBe(0);
    });
  }

  it("answered a share of the cases by whole days, so every path is checked", () => {
    expect(wholeDayCases.unfiltered, JSON.stringify(wholeDayCases)).toBeGreaterThanOrEqual(8);
    expect(wholeDayCases.filtered, JSON.stringify(wholeDayCases)).toBeGreaterThanOrEqual(4);
  });
});

async function append(db: Database, batch: TrafficEvent[]): Promise<void> {
  // Chunks keep each statement well under Postgres's 65535 parameters.
  for (let start = 0; start < batch.length; start += 500) {
    await db.insert(schema.events).values(batch.slice(start, start + 500));
  }
}

/**
 * Bring every projection up to date with `count` new events. A projection
 * reads only below the oldest transaction running anywhere on the server
 * (other databases' included), so `catchUp` can stop short while another
 * test holds a transaction open: wait that out rather than compare against
 * half-built read models.
 */
async function catchUpOn(db: Database, count: number): Promise<void> {
  for (const projection of Object.values(projections)) {
    const deadline = Date.now() + 120_000;
    let applied = await catchUp(db, projection);
    while (applied < count) {
      if (Date.now() > deadline) throw new Error(`${projection.name} applied ${applied} of ${count} new events in 120 s: is a transaction open elsewhere on the server?`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      applied += await catchUp(db, projection);
    }
  }
}

/** Rows per dimension in the getBreakdowns check: few, so ties at the cut are tested. */
const PANEL_ROWS = 3;

function compareKpis(label: string, expected: Kpis, actual: Kpis, mismatches: string[]): void {
  for (const kpi of KPIS) {
    const want = expected[kpi];
    const got: unknown = actual[kpi];
    if (typeof got !== "number") {
      mismatches.push(`${label}.${kpi}: expected ${want}, got ${JSON.stringify(got)} (${typeof got})`);
    } else if (COUNTS.has(kpi) ? got !== want : !closeEnough(want, got)) {
      mismatches.push(`${label}.${kpi}: expected ${want}, got ${got}`);
    }
  }
}

function closeEnough(expected: number, actual: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
}

function compareBreakdown(dimension: Dimension, expected: BreakdownRow[], actual: BreakdownRow[], mismatches: string[]): void {
  const label = `getBreakdown(${dimension})`;
  const byValue = new Map<string, BreakdownRow>();
  for (const row of actual) {
    if (byValue.has(row.value)) mismatches.push(`${label}: value ${JSON.stringify(row.value)} appears twice`);
    byValue.set(row.value, row);
  }
  for (const want of expected) {
    const got = byValue.get(want.value);
    byValue.delete(want.value);
    if (!got) {
      mismatches.push(`${label}: missing ${JSON.stringify(want)}`);
      continue;
    }
    for (const field of ["visitors", "visits", "pageviews", "events"] as const) {
      if (got[field] !== want[field]) mismatches.push(`${label}[${JSON.stringify(want.value)}].${field}: expected ${want[field]}, got ${JSON.stringify(got[field])}`);
    }
  }
  for (const extra of byValue.values()) mismatches.push(`${label}: unexpected ${JSON.stringify(extra)}`);
  const outOfOrder = actual.findIndex((row, index) => index > 0 && compareBreakdownRows(actual[index - 1]!, row) > 0);
  if (outOfOrder > 0) {
    const [before, after] = [actual[outOfOrder - 1]!, actual[outOfOrder]!];
    mismatches.push(`${label}: not ordered by visitors desc, value asc at ${outOfOrder}: ${JSON.stringify(before)} before ${JSON.stringify(after)}`);
  }
}

function compareProperties(name: string, expected: PropertyRow[], actual: PropertyRow[], mismatches: string[]): void {
  const label = `getProperties(${name})`;
  const key = (row: PropertyRow) => JSON.stringify([row.key, row.value]);
  const byKey = new Map<string, PropertyRow>();
  for (const row of actual) {
    if (byKey.has(key(row))) mismatches.push(`${label}: ${key(row)} appears twice`);
    byKey.set(key(row), row);
  }
  for (const want of expected) {
    const got = byKey.get(key(want));
    byKey.delete(key(want));
    if (!got) mismatches.push(`${label}: missing ${JSON.stringify(want)}`);
    else if (got.visitors !== want.visitors || got.events !== want.events) {
      mismatches.push(`${label}[${key(want)}]: expected ${want.visitors} visitors / ${want.events} events, got ${JSON.stringify(got.visitors)} / ${JSON.stringify(got.events)}`);
    }
  }
  for (const extra of byKey.values()) mismatches.push(`${label}: unexpected ${JSON.stringify(extra)}`);
}

/** From the hour of a site's first event to the hour after its last. */
function wholeRange(reference: ReferenceDashboard): { from: string; to: string } {
  const hours = reference.events.map((event) => event.hour).sort();
  return { from: hours[0]!, to: addHours(hours.at(-1)!, 1) };
}

function drawCases(): Case[] {
  const random = new Random(SEED ^ 0x5eed);
  const rows = traffic.appends.flat().map((event, index) => ({ ...event, seq: index + 1 }));
  const provisional = traffic.sites.map(
    (site) =>
      new ReferenceDashboard(
        rows.filter((row) => row.siteId === site.id),
        site.timeZone,
      ),
  );
  const ranges = weightedTable<"everything" | "around an event" | "anywhere" | "daylight saving" | "empty">([
    ["everything", 15],
    ["around an event", 40],
    ["anywhere", 10],
    ["daylight saving", 20],
    ["empty", 15],
  ]);
  const filterCounts = weightedTable([
    [0, 25],
    [1, 35],
    [2, 28],
    [3, 12],
  ]);
  return Array.from({ length: CASES }, (_, index) => {
    const siteIndex = random.int(traffic.sites.length);
    const site = traffic.sites[siteIndex]!;
    const reference = provisional[siteIndex]!;
    const all = wholeRange(reference);
    const spanHours = hoursOf(all.from, all.to).length;
    const lengths = [1, 2, 3, 5, 24, 25, 48, 168, random.between(1, spanHours)];
    let from: string;
    let hours: number;
    switch (random.weighted(ranges)) {
      case "everything":
        from = addHours(all.from, -random.between(0, 30));
        hours = spanHours + random.between(0, 60);
        break;
      case "around an event":
        from = addHours(random.pick(reference.events).hour, -random.between(0, 6));
        hours = random.pick(lengths);
        break;
      case "anywhere":
        from = addHours(all.from, random.between(-12, spanHours));
        hours = random.pick(lengths);
        break;
      case "daylight saving":
        from = addHours(localHour(site.anchor, site.timeZone), -random.between(0, 4));
        hours = random.between(1, 8);
        break;
      case "empty":
        from = random.chance(0.5) ? addHours(all.from, -random.between(2, 72)) : addHours(all.to, random.between(0, 24));
        hours = random.between(1, 30);
        break;
    }
    const range = { from, to: addHours(from, hours) };
    const intervals = hours <= 72 ? INTERVALS : INTERVALS.filter((interval) => interval !== "hour");
    // Sites with daily visitor ids see more unfiltered cases: those take the rollup.
    const filterCount = siteIndex % 2 === 0 && random.chance(0.4) ? 0 : random.weighted(filterCounts);
    const filters = Array.from({ length: filterCount }, () => randomFilter(random, reference, range));
    const goals = Array.from({ length: 4 }, (_, goal) => ({ id: `goal-${goal}`, name: `Goal ${goal}`, step: randomStep(random) }));
    const funnel = Array.from({ length: random.between(2, FUNNEL_MAX_STEPS) }, () => randomStep(random));
    return { index, siteIndex, query: { range, filters }, interval: random.pick(intervals), goals, funnel };
  });
}

function randomFilter(random: Random, reference: ReferenceDashboard, range: HourRange): Filter {
  // Page and event filters follow rules of their own: draw them more often than their share.
  const dimension = random.chance(0.3) ? random.pick(EVENT_DIMENSIONS) : random.pick(DIMENSIONS);
  let operator = random.pick(FILTER_OPERATORS);
  const anywhere = reference.valuesOf(dimension);
  const inRange = reference.breakdown({ range, filters: [] }, dimension).map((row) => row.value);
  const roll = random.next();
  let value: string;
  if (roll < 0.45 && inRange.length > 0) value = random.pick(inRange);
  else if (roll < 0.65) value = random.pick(anywhere);
  else if (roll < 0.8) {
    // A piece of a value, in another case now and then: `contains` must ignore case.
    const whole = random.pick(inRange.length > 0 ? inRange : anywhere);
    const start = random.int(whole.length + 1);
    const part = whole.slice(start, start + random.between(1, 4));
    value = random.chance(0.5) ? part.toUpperCase() : part;
    if (random.chance(0.7)) operator = "contains";
  } else if (roll < 0.9) value = "";
  else value = random.pick(["_", "%", "\\", "'", "0%", "g_s", "nothing like this"]);
  return { dimension, operator, value };
}

/** Patterns with and without wildcards, some that match nothing, and events with and without a property value. */
function randomStep(random: Random): ConversionStep {
  if (random.chance(0.5)) {
    return { kind: "page", pagePattern: random.pick(["/", "/pricing", "/about", "/*", "/**", "/blog/*", "/*o*", "/docs/100%", "/docs/*%", "/blog", "/b*/why_inlet"]) };
  }
  const eventName = random.pick([...CUSTOM_EVENTS, "no-such-event"]);
  if (random.chance(0.5)) return { kind: "event", eventName };
  const [key, value] = random.pick([
    ["plan", "pro"],
    ["plan", ""],
    ["seats", "12.5"],
    ["trial", "false"],
    ["file", "Notes 100%.txt"],
    ["target", "true"],
    ["target", "null"],
    ["n", "-3"],
  ] as const);
  return { kind: "event", eventName, property: { key, value } };
}
