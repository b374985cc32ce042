import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import { DIMENSIONS, KPIS, type BreakdownRow } from "@/lib/query/dashboard-model";
import { addDays } from "@/lib/query/dashboard-url";
import { compareBreakdownRows, ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { compactLake } from "./compact-lake";
import { computeFileDayRollups, forgetDayRollups, writeMissingDayRollups } from "./day-rollup-files";
import { collectLakeGarbage } from "./lake-garbage";
import { withDuckDB, sqlPath } from "./parquet-duckdb";
import { writeEventsParquet } from "./parquet-writer";
import { pointOfSums } from "./sql/dashboard-sql";
import { DAY_ROLLUP_VERSION, type DayRollupRow } from "./sql/day-rollups";
import { toLakeEvent, trafficWithDailyIds } from "./sql/testing/traffic-lakes";
import { drainLake } from "./testing/lake-contents";
import { MemoryBlobStore } from "./testing/memory-blob-store";
import { LakeExportFailed } from "./write-lake-file";

/*
 * Day rollups against the reference dashboard (lib/query/reference), which
 * answers from the raw events in plain TypeScript. The traffic is the
 * property test's (zones with DST changes and half-hour offsets, gaps on
 * both sides of 30 minutes, twin timestamps), its visitor ids made per local
 * day as the collector makes them.
 */
const SEED = Number(process.env.DAY_ROLLUP_SEED ?? 20261203);

function byDay(rows: readonly DayRollupRow[], day: string) {
  return rows.filter((row) => row.day === day);
}

describe("computeFileDayRollups", () => {
  it("gives every local day the reference dashboard's KPIs and every row of every breakdown", async () => {
    for (const { site, rows, first, last } of trafficWithDailyIds(SEED)) {
      const bytes = await writeEventsParquet(rows.map((row) => toLakeEvent(row)));
      const rollups = await computeFileDayRollups(bytes, { timeZone: site.timeZone, first, last, rows: rows.length });
      const reference = new ReferenceDashboard(rows, site.timeZone);
      let days = 0;
      for (let day = first; day <= last; day = addDays(day, 1)) {
        days++;
        const query = { range: { from: `${day}T00:00`, to: `${addDays(day, 1)}T00:00` }, filters: [] };
        const ofDay = byDay(rollups, day);
        const totals = ofDay.find((row) => row.dimension === "");
        const expected = reference.kpis(query);
        if (expected.visits + expected.pageviews === 0 && reference.breakdown(query, "event").length === 0) {
          expect(ofDay, `${site.timeZone} ${day} has no events`).toEqual([]);
          continue;
        }
        const { bucket: _bucket, ...kpis } = pointOfSums({ bucket: day, ...totals! });
        for (const kpi of KPIS) expect(kpis[kpi], `${site.timeZone} ${day} ${kpi}`).toBeCloseTo(expected[kpi], 9);
        for (const dimension of DIMENSIONS) {
          const actual: BreakdownRow[] = ofDay
            .filter((row) => row.dimension === dimension)
            .map(({ value, visitors, visits, pageviews, events }) => ({ value, visitors, visits, pageviews, events }))
            .sort(compareBreakdownRows);
          expect(actual, `${site.timeZone} ${day} ${dimension}`).toEqual(reference.breakdown(query, dimension));
        }
      }
      expect(days).toBeGreaterThan(1);
    }
  }, 120_000);

  it("refuses a file with events outside the days it is said to hold", async () => {
    const { site, rows, first, last } = trafficWithDailyIds(SEED)[0]!;
    expect(first < last).toBe(true);
    const bytes = await writeEventsParquet(rows.map((row) => toLakeEvent(row)));
    await expect(computeFileDayRollups(bytes, { timeZone: site.timeZone, first, last: first, rows: rows.length })).rejects.toThrow(LakeExportFailed);
  });
});

/** The rollup blob's rows as stored, read by DuckDB. */
async function storedRollup(store: MemoryBlobStore, key: string): Promise<Record<string, unknown>[]> {
  const bytes = await store.get(key);
  expect(bytes, key).not.toBeNull();
  return withDuckDB(async (connection, scratch) => {
    const file = path.join(scratch, "rollup.parquet");
    await fs.writeFile(file, bytes!);
    const reader = await connection.runAndReadAll(`SELECT CAST(day AS VARCHAR) AS day, dimension, value, CAST(pageviews AS DOUBLE) AS pageviews, CAST(events AS DOUBLE) AS events FROM read_parquet(${sqlPath(file)}) ORDER BY day, dimension, value`);
    return reader.getRowObjectsJS();
  });
}

async function rollupsOf(db: Database, siteId: string) {
  return queryRows<{ kind: string; day: string; rows: number; rollup_key: string | null; rollup_version: number | null }>(
    db,
    sql`SELECT kind, day::text, rows::int, rollup_key, rollup_version FROM lake_files WHERE site_id = ${siteId} ORDER BY day, kind`,
  );
}

// Feb 28 is open; Feb 27 closed; January ended more than MONTHLY_AFTER_DAYS ago.
const NOW = new Date("2026-02-28T12:00:00Z");
const LONG = 60_000;

describeEachDatabase("writeMissingDayRollups", (database) => {
  it("gives each closed daily and monthly file its rollup, none to an open day, and a new one when late events replace the file", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "rollups", ["Europe/Berlin"]);
    const add = (times: string[]) =>
      db.insert(schema.events).values(times.map((iso, index) => ({ siteId: site!, id: crypto.randomUUID(), name: index % 3 === 2 ? "signup" : "pageview", ts: new Date(iso), visitorId: `v${index % 2}`, path: "/" })));
    await add(["2026-01-05T10:00:00Z", "2026-01-05T10:05:00Z", "2026-01-20T10:00:00Z", "2026-02-27T10:00:00Z", "2026-02-27T11:00:00Z", "2026-02-28T10:00:00Z"]);
    const store = new MemoryBlobStore();
    await drainLake(db, store, 100);
    await compactLake(db, store, { now: NOW, budgetMs: LONG });

    const run = await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG });
    expect(run).toEqual({ written: 2, refused: 0, failed: [], outOfTime: false });
    const files = await rollupsOf(db, site!);
    expect(files.map(({ kind, day, rollup_version }) => [kind, day, rollup_version])).toEqual([
      ["monthly", "2026-01-01", DAY_ROLLUP_VERSION],
      ["daily", "2026-02-27", DAY_ROLLUP_VERSION],
      ["micro", "2026-02-28", null],
    ]);
    // The January rollup's totals: two days with events, every event counted.
    const january = await storedRollup(store, files[0]!.rollup_key!);
    const totals = january.filter((row) => row.dimension === "");
    expect(totals.map((row) => [row.day, Number(row.pageviews) + Number(row.events)])).toEqual([
      ["2026-01-05", 2],
      ["2026-01-20", 1],
    ]);
    expect(january.filter((row) => row.dimension === "page" || row.dimension === "event").map((row) => [row.day, row.dimension, row.value])).toEqual([
      ["2026-01-05", "page", "/"],
      ["2026-01-20", "event", "signup"],
    ]);
    expect((await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG })).written).toBe(0);

    // A late event: the day is merged again; its old rollup waits with the replaced file, the new file gets its own.
    const old = files[1]!.rollup_key!;
    await add(["2026-02-27T12:00:00Z"]);
    await drainLake(db, store, 100);
    await compactLake(db, store, { now: NOW, budgetMs: LONG });
    const garbage = await queryRows<{ key: string; reason: string }>(db, sql`SELECT key, reason FROM lake_garbage WHERE key = ${old}`);
    expect(garbage).toEqual([{ key: old, reason: "replaced" }]);
    expect((await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG })).written).toBe(1);
    const again = await rollupsOf(db, site!);
    expect(again[1]).toMatchObject({ kind: "daily", rows: 3 });
    expect(again[1]!.rollup_key).not.toBe(old);
    const february = (await storedRollup(store, again[1]!.rollup_key!)).filter((row) => row.dimension === "");
    expect(february.map((row) => Number(row.pageviews) + Number(row.events))).toEqual([3]);

    // Once due, the old rollup blob is deleted; the listed ones stay.
    await db.execute(sql`UPDATE lake_garbage SET delete_after = now() - interval '1 second' WHERE site_id = ${site}`);
    await collectLakeGarbage(db, store);
    expect(await store.get(old)).toBeNull();
    for (const file of again.filter((file) => file.rollup_key !== null)) expect(await store.get(file.rollup_key!)).not.toBeNull();
  });

  it("drops a site's rollups when its time zone changes, and refuses (once) files whose events leave their days", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "rollups-zone", ["Europe/Berlin"]);
    await db.insert(schema.events).values(["2026-02-20T10:00:00Z", "2026-02-21T10:00:00Z"].map((iso) => ({ siteId: site!, id: crypto.randomUUID(), name: "pageview", ts: new Date(iso), visitorId: "v" })));
    const store = new MemoryBlobStore();
    await drainLake(db, store, 100);
    await compactLake(db, store, { now: NOW, budgetMs: LONG });
    expect((await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG })).written).toBe(2);
    const keys = (await rollupsOf(db, site!)).map((file) => file.rollup_key!);

    // 10:00 UTC is the next day's midnight in UTC+14: no file's events stay on its day.
    await db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE sites SET time_zone = 'Pacific/Kiritimati' WHERE id = ${site}`);
      await forgetDayRollups(tx, site!);
    });
    expect((await rollupsOf(db, site!)).map((file) => [file.rollup_key, file.rollup_version])).toEqual([[null, null], [null, null]]);
    const garbage = await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_garbage WHERE site_id = ${site} AND reason = 'replaced' AND key LIKE '%/rollup-%' ORDER BY key`);
    expect(garbage.map(({ key }) => key)).toEqual([...keys].sort());

    expect(await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG })).toMatchObject({ written: 0, refused: 2, failed: [] });
    expect((await rollupsOf(db, site!)).map((file) => [file.rollup_key, file.rollup_version])).toEqual([[null, DAY_ROLLUP_VERSION], [null, DAY_ROLLUP_VERSION]]);
    expect(await writeMissingDayRollups(db, store, { now: NOW, budgetMs: LONG })).toMatchObject({ written: 0, refused: 0 });
  });
});
