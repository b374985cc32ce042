import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeFileDayRollups, writeDayRollupParquet } from "@/lib/lake/day-rollup-files";
import { writeEventsParquet } from "@/lib/lake/parquet-writer";
import { DIMENSIONS, KPIS, type HourRange, type Kpis } from "@/lib/query/dashboard-model";
import { addDays } from "@/lib/query/dashboard-url";
import { addHours, localHour } from "@/lib/query/reference/local-time";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import { Random } from "@/lib/seed/random";
import { dashboardTablesSql, type RunSql } from "./dashboard-sql";
import { dayRollupsViewSql, planRolledLoad, rolledBreakdowns, rolledDays, rolledSummary, splitRange } from "./rolled-dashboard";
import { toLakeEvent, trafficWithDailyIds, type DailyIdTraffic } from "./testing/traffic-lakes";
import { openWasmDuckDB, type WasmDuckDB } from "./testing/wasm-duckdb";
import { analyticsViewsSql } from "./views";

/*
 * The rolled dashboard in the DuckDB-WASM build the browser gets, against
 * the reference dashboard over the raw events. Each site's events are one
 * file per local day, its day rollups one file (as a monthly file's); each
 * case rolls a random set of days and registers, as the browser does, only
 * the day files planRolledLoad asks for, so a number taken from the wrong
 * side (or a day counted on both) shows.
 */
const SEED = Number(process.env.ROLLED_DASHBOARD_SEED ?? 20261203);
const CASES = 16;
const PANEL_ROWS = 5;

interface SiteFiles {
  traffic: DailyIdTraffic;
  reference: ReferenceDashboard;
  /** Registered names of the day files, by local day. */
  dayFiles: Map<string, string>;
  rollupFile: string;
}

let db: WasmDuckDB;
const sites: SiteFiles[] = [];

beforeAll(async () => {
  db = await openWasmDuckDB();
  for (const [index, traffic] of trafficWithDailyIds(SEED).entries()) {
    const { site, rows, first, last } = traffic;
    const dayFiles = new Map<string, string>();
    for (let day = first; day <= last; day = addDays(day, 1)) {
      const ofDay = rows.filter((row) => localHour(row.ts, site.timeZone).slice(0, 10) === day);
      if (ofDay.length === 0) continue;
      const name = `site-${index}-${day}.parquet`;
      db.addFile(name, await writeEventsParquet(ofDay.map(toLakeEvent)));
      dayFiles.set(day, name);
    }
    const all = await writeEventsParquet(rows.map(toLakeEvent));
    const rollups = await computeFileDayRollups(all, { timeZone: site.timeZone, first, last, rows: rows.length });
    const rollupFile = `site-${index}-rollup.parquet`;
    db.addFile(rollupFile, await writeDayRollupParquet(rollups));
    sites.push({ traffic, reference: new ReferenceDashboard(rows, site.timeZone), dayFiles, rollupFile });
  }
}, 120_000);

afterAll(() => db?.close());

describe("splitRange", () => {
  it("keeps whole rolled days and merges the rest into parts, cut edges included", () => {
    const rolled = new Set(["2026-03-02", "2026-03-03", "2026-03-05"]);
    expect(splitRange({ from: "2026-03-01T14:00", to: "2026-03-06T09:00" }, rolled)).toEqual({
      days: ["2026-03-02", "2026-03-03", "2026-03-05"],
      raw: [
        { from: "2026-03-01T14:00", to: "2026-03-02T00:00" },
        { from: "2026-03-04T00:00", to: "2026-03-05T00:00" },
        { from: "2026-03-06T00:00", to: "2026-03-06T09:00" },
      ],
    });
    // A rolled day cut by the range is read raw.
    expect(splitRange({ from: "2026-03-02T06:00", to: "2026-03-02T18:00" }, rolled)).toEqual({ days: [], raw: [{ from: "2026-03-02T06:00", to: "2026-03-02T18:00" }] });
  });
});

describe("rolledDays", () => {
  it("rolls a day only when one daily or monthly file with a rollup holds it and it is not a raw day", () => {
    const rollup = { key: "r" };
    const files = [
      { kind: "monthly", day: "2026-01-01", rollup },
      { kind: "daily", day: "2026-02-01", rollup },
      { kind: "daily", day: "2026-02-02", rollup: null },
      { kind: "daily", day: "2026-02-03", rollup },
      { kind: "micro", day: "2026-02-03", rollup: null },
      { kind: "micro", day: "2026-02-04", rollup: null },
      { kind: "daily", day: "2026-02-05", rollup },
      { kind: "micro", day: "2026-01-31", rollup: null },
    ];
    expect([...rolledDays(files, ["2026-02-05"], { from: "2026-01-30", to: "2026-02-06" })]).toEqual(["2026-01-30", "2026-02-01"]);
  });
});

function randomRange(random: Random, traffic: DailyIdTraffic): HourRange {
  const start = `${addDays(traffic.first, -1)}T00:00`;
  const hours = (Date.parse(`${addDays(traffic.last, 2)}T00:00Z`) - Date.parse(`${start}Z`)) / 3_600_000;
  const from = random.chance(0.5) ? addHours(start, 24 * random.int(hours / 24)) : addHours(start, random.int(hours));
  const length = random.chance(0.5) ? 24 * random.between(1, 6) : random.between(1, hours);
  return { from, to: addHours(from, length) };
}

function expectKpis(label: string, actual: Kpis, expected: Kpis): void {
  for (const kpi of KPIS) expect(actual[kpi], `${label} ${kpi}`).toBeCloseTo(expected[kpi], 9);
}

describe("the rolled dashboard", () => {
  it("answers random ranges over random rolled days as the reference does from the raw events", async () => {
    const random = new Random(SEED ^ 0x7011);
    let rolledUsed = 0;
    for (let index = 0; index < CASES; index++) {
      const { traffic, reference, dayFiles, rollupFile } = sites[index % sites.length]!;
      const range = randomRange(random, traffic);
      const previous = randomRange(random, traffic);
      const listingDays = { from: addDays(traffic.first, -1), to: addDays(traffic.last, 1) };
      // The listing: a daily file per day of events, most with their rollup; some days raw (the tail's, or reached over).
      const files = [...dayFiles.keys()].map((day) => ({ kind: "daily", day, rollup: random.chance(0.75) ? { key: rollupFile } : null }));
      const rawDays = [...dayFiles.keys()].filter(() => random.chance(0.1));
      const load = planRolledLoad({ files, rawDays }, listingDays, [range, previous]);
      const parquetFiles = load.files.map((file) => dayFiles.get(file.day)!);
      const setUp = [...analyticsViewsSql({ parquetFiles, timeZone: traffic.site.timeZone }), ...dashboardTablesSql(), dayRollupsViewSql(load.rollups.length > 0 ? [rollupFile] : [])];
      for (const statement of setUp) db.query(statement);
      const run: RunSql = async (sql) => db.query(sql);
      rolledUsed += splitRange(range, load.rolled).days.length;

      const label = `case ${index} ${traffic.site.timeZone} ${range.from}..${range.to} rolled ${[...load.rolled].join(",")}`;
      const query = { range, filters: [] };
      expectKpis(`${label} previous`, (await rolledSummary(run, previous, "day", load.rolled)).kpis, reference.kpis({ range: previous, filters: [] }));
      for (const interval of ["day", "week", "month"] as const) {
        const { kpis, series: actual } = await rolledSummary(run, range, interval, load.rolled);
        expectKpis(`${label} by ${interval}`, kpis, reference.kpis(query));
        const expected = reference.series(query, interval);
        expect(actual.map((point) => point.bucket), `${label} ${interval} buckets`).toEqual(expected.map((point) => point.bucket));
        for (const [at, point] of actual.entries()) expectKpis(`${label} ${interval} ${point.bucket}`, point, expected[at]!);
      }
      const breakdowns = await rolledBreakdowns(run, range, load.rolled, { limit: PANEL_ROWS });
      for (const dimension of DIMENSIONS) expect(breakdowns[dimension], `${label} ${dimension}`).toEqual(reference.breakdown(query, dimension).slice(0, PANEL_ROWS));
    }
    // The cases did use rollups (and raw parts: every case has cut or unrolled days at random).
    expect(rolledUsed).toBeGreaterThan(CASES);
  }, 120_000);
});
