import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DIMENSIONS,
  EVENT_DIMENSIONS,
  FILTER_OPERATORS,
  INTERVALS,
  KPIS,
  type BreakdownRow,
  type DashboardQuery,
  type Filter,
  type HourRange,
  type Interval,
  type Kpi,
  type Kpis,
  type PropertyRow,
} from "@/lib/query/dashboard-model";
import { addHours, hoursOf, localHour } from "@/lib/query/reference/local-time";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import { Random } from "@/lib/seed/random";
import { CUSTOM_EVENTS } from "@/lib/testing/random-traffic";
import { dashboardTablesSql, lakeBreakdown, lakeBreakdowns, lakeKpis, lakeProperties, lakeSeries, type RunSql } from "./dashboard-sql";
import { openTrafficLakes, wholeRange, type TrafficLake, type TrafficLakes } from "./testing/traffic-lakes";
import { openWasmDuckDB } from "./testing/wasm-duckdb";
import { analyticsViewsSql } from "./views";

/*
 * The lake's dashboard SQL, run in the DuckDB-WASM build the browser gets,
 * against the reference (lib/query/reference), which answers from the same
 * raw events in plain TypeScript. The traffic is the property test's: sites
 * in zones with DST changes and half-hour offsets, gaps on both sides of 30
 * minutes, twin timestamps. Seeded; DASHBOARD_LAKE_SEED tries others.
 */
const SEED = Number(process.env.DASHBOARD_LAKE_SEED ?? 20261203);
const CASES = 12;
const RELATIVE_TOLERANCE = 1e-9;
const COUNTS: ReadonlySet<Kpi> = new Set(["visitors", "visits", "pageviews"]);

let traffic: TrafficLakes;
let lakes: TrafficLake[] = [];

beforeAll(async () => {
  traffic = await openTrafficLakes(SEED, 2);
  lakes = traffic.lakes;
}, 60_000);

afterAll(() => traffic?.close());

function randomFilter(random: Random, reference: ReferenceDashboard, range: HourRange): Filter {
  const dimension = random.chance(0.3) ? random.pick(EVENT_DIMENSIONS) : random.pick(DIMENSIONS);
  let operator = random.pick(FILTER_OPERATORS);
  const inRange = [
    ...new Set(
      reference.keptEvents({ range, filters: [] }).flatMap(({ raw, pageview, session }) => {
        if (dimension === "page") return pageview ? [raw.path] : [];
        if (dimension === "event") return pageview ? [] : [raw.name];
        return [session.dimensions[dimension]];
      }),
    ),
  ].sort();
  const anywhere = reference.valuesOf(dimension);
  const roll = random.next();
  let value: string;
  if (roll < 0.5 && inRange.length > 0) value = random.pick(inRange);
  else if (roll < 0.65) value = random.pick(anywhere);
  else if (roll < 0.8) {
    const whole = random.pick(inRange.length > 0 ? inRange : anywhere);
    const start = random.int(whole.length + 1);
    value = whole.slice(start, start + random.between(1, 4)).toUpperCase();
    operator = "contains";
  } else if (roll < 0.9) value = "";
  else value = random.pick(["_", "%", "\\", "'", "' OR '1'='1", "nothing like this"]);
  return { dimension, operator, value };
}

interface Case {
  lake: TrafficLake;
  query: DashboardQuery;
  interval: Interval;
}

function drawCases(): Case[] {
  const random = new Random(SEED ^ 0x1a4e);
  return Array.from({ length: CASES }, (_, index) => {
    // Every site once, then any.
    const lake = index < lakes.length ? lakes[index]! : random.pick(lakes);
    const all = wholeRange(lake.reference);
    const span = hoursOf(all.from, all.to).length;
    let range: HourRange;
    // Every site first around its DST change (or midnight), by the hour; then any kind.
    const kind = index < lakes.length ? 0 : index % 3;
    if (kind === 0) {
      // Around the DST change (or a midnight), a few hours to two days.
      const from = addHours(localHour(lake.site.anchor, lake.site.timeZone), -random.between(0, 6));
      range = { from, to: addHours(from, random.pick([3, 7, 25, 48])) };
    } else if (kind === 1) {
      range = { from: addHours(all.from, -random.between(0, 30)), to: addHours(all.to, random.between(0, 30)) };
    } else {
      const from = addHours(all.from, random.between(0, span - 1));
      range = { from, to: addHours(from, random.between(1, 72)) };
    }
    const filterCount = index % 4 === 0 ? 0 : random.between(1, 3);
    const filters = Array.from({ length: filterCount }, () => randomFilter(random, lake.reference, range));
    const hours = hoursOf(range.from, range.to).length;
    const intervals = hours <= 96 ? INTERVALS : INTERVALS.filter((interval) => interval !== "hour");
    return { lake, query: { range, filters }, interval: index < lakes.length ? "hour" : intervals[index % intervals.length]! };
  });
}

function closeEnough(expected: number, actual: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
}

function compareKpis(label: string, expected: Kpis, actual: Kpis, mismatches: string[]): void {
  for (const kpi of KPIS) {
    const want = expected[kpi];
    const got = actual[kpi];
    if (typeof got !== "number" || (COUNTS.has(kpi) ? got !== want : !closeEnough(want, got))) mismatches.push(`${label}.${kpi}: expected ${want}, got ${String(got)}`);
  }
}

const rowText = (list: BreakdownRow[] | PropertyRow[]) => JSON.stringify(list);

describe("the lake's dashboard SQL in DuckDB-WASM against the raw-event reference", () => {
  it("has traffic that crosses DST changes and has data in every case kind", () => {
    expect(lakes.length).toBeGreaterThanOrEqual(6);
    expect(lakes.map((lake) => lake.site.timeZone)).toEqual(expect.arrayContaining(["Europe/Berlin", "America/New_York"]));
  });

  let drawn: Case[] | undefined;
  const cases = () => (drawn ??= drawCases());
  it.each(Array.from({ length: CASES }, (_, index) => index))("case %i", async (index) => {
    const { lake, query, interval } = cases()[index]!;
    const { reference, run } = lake;
    const mismatches: string[] = [];
    compareKpis("kpis", reference.kpis(query), await lakeKpis(run, query), mismatches);

    const expectedSeries = reference.series(query, interval);
    const series = await lakeSeries(run, query, interval);
    const buckets = (points: { bucket: string }[]) => points.map((point) => point.bucket).join(" ");
    if (buckets(series) !== buckets(expectedSeries)) mismatches.push(`series(${interval}) buckets: expected [${buckets(expectedSeries)}], got [${buckets(series)}]`);
    else expectedSeries.forEach((point, i) => compareKpis(`series(${interval})[${point.bucket}]`, point, series[i]!, mismatches));

    const panels = await lakeBreakdowns(run, query, { limit: 3 });
    for (const dimension of DIMENSIONS) {
      const expected = reference.breakdown(query, dimension);
      const got = await lakeBreakdown(run, query, dimension);
      if (rowText(got) !== rowText(expected)) mismatches.push(`breakdown(${dimension}): expected ${rowText(expected)}, got ${rowText(got)}`);
      if (rowText(panels[dimension]) !== rowText(expected.slice(0, 3))) mismatches.push(`breakdowns(limit 3).${dimension}: expected ${rowText(expected.slice(0, 3))}, got ${rowText(panels[dimension])}`);
    }
    for (const name of [...CUSTOM_EVENTS, "no-such-event"]) {
      const expected = reference.properties(query, name);
      const got = await lakeProperties(run, query, name);
      if (rowText(got) !== rowText(expected)) mismatches.push(`properties(${name}): expected ${rowText(expected)}, got ${rowText(got)}`);
    }
    const replay = JSON.stringify({ seed: SEED, case: index, timeZone: lake.site.timeZone, query, interval });
    expect(mismatches.length, `replay ${replay}\n${mismatches.slice(0, 30).join("\n")}\n`).toBe(0);
    // A case around a DST change that finds nothing would prove little.
    if (index < lakes.length && query.filters.length === 0) expect(reference.kpis(query).visitors).toBeGreaterThan(0);
  });

  it("answers zeros, every bucket present, over no files at all", async () => {
    const empty = await openWasmDuckDB();
    try {
      for (const statement of [...analyticsViewsSql({ parquetFiles: [], timeZone: "Europe/Berlin" }), ...dashboardTablesSql()]) empty.query(statement);
      const run: RunSql = async (sql) => empty.query(sql);
      const query = { range: { from: "2026-03-28T00:00", to: "2026-03-30T00:00" }, filters: [{ dimension: "page", operator: "is", value: "/" }] } satisfies DashboardQuery;
      expect(await lakeKpis(run, query)).toEqual({ visitors: 0, visits: 0, pageviews: 0, viewsPerVisit: 0, bounceRate: 0, visitDuration: 0 });
      expect((await lakeSeries(run, query, "hour")).map((point) => point.bucket)).toHaveLength(48);
      expect((await lakeBreakdowns(run, query, { limit: 10 })).source).toEqual([]);
      expect(empty.query("SELECT count(*) AS n FROM sessions")).toEqual([{ n: 0n }]);
    } finally {
      empty.close();
    }
  });
});
