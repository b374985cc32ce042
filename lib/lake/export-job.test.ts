import { setTimeout as sleep } from "node:timers/promises";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { exportDueDays, findDueDays } from "./export-job";
import { readParquetRows } from "./parquet-reader";
import { MemoryBlobStore } from "./testing/memory-blob-store";

// 2026-05-11 00:00 in Auckland (NZST, UTC+12): its May 10 has just ended,
// inside the grace, while UTC's May 10 is half over.
const NOW = new Date("2026-05-10T12:00:00Z");
const LONG = 60_000;

/** `count` events of a site at each of `times`. */
async function addEvents(db: Database, siteId: string, times: string[], count = 2): Promise<string[]> {
  const rows = times.flatMap((iso) => Array.from({ length: count }, () => ({ siteId, id: crypto.randomUUID(), name: "pageview", ts: new Date(iso), visitorId: "v" })));
  await db.insert(schema.events).values(rows);
  return rows.map((row) => row.id);
}

async function listed(db: Database, siteId: string) {
  return db
    .select({ day: schema.lakeFiles.day, key: schema.lakeFiles.key, rows: schema.lakeFiles.rows })
    .from(schema.lakeFiles)
    .where(and(eq(schema.lakeFiles.siteId, siteId), eq(schema.lakeFiles.kind, "daily")))
    .orderBy(schema.lakeFiles.day);
}

const ofSite = <T extends { siteId: string }>(items: T[], siteId: string) => items.filter((item) => item.siteId === siteId);

/** A MemoryBlobStore that counts puts per key, can make some fail, and can be slow. */
class TestStore extends MemoryBlobStore {
  readonly putsOf = new Map<string, number>();
  constructor(private readonly options: { failFor?: string; putDelayMs?: number } = {}) {
    super();
  }
  override async put(key: string, body: Uint8Array): Promise<void> {
    if (this.options.failFor && key.includes(this.options.failFor)) throw new Error(`test store refuses ${key}`);
    if (this.options.putDelayMs) await sleep(this.options.putDelayMs);
    this.putsOf.set(key, (this.putsOf.get(key) ?? 0) + 1);
    await super.put(key, body);
  }
}

describeEachDatabase("exportDueDays", (database) => {
  it("exports closed days oldest first, and neither today nor a day still in its grace", async () => {
    const { db } = database();
    const [utc, auckland] = await prepareSites(db, "due", ["UTC", "Pacific/Auckland"]);
    await addEvents(db, utc!, ["2026-05-08T10:00:00Z", "2026-05-09T23:59:59Z", "2026-05-10T00:00:00Z", "2026-05-10T11:00:00Z"]);
    // Auckland's May 9 and May 10 (both ended by NOW, May 10 only just).
    await addEvents(db, auckland!, ["2026-05-09T06:00:00Z", "2026-05-10T11:55:00Z"], 3);
    const store = new TestStore();

    const run = await exportDueDays(db, store, { now: NOW, budgetMs: LONG });
    expect(run.failed).toEqual([]);
    const done = run.exported.map(({ siteId, day, rows }) => ({ site: siteId === utc ? "utc" : "auckland", day, rows }));
    const days = done.map(({ day }) => day);
    expect(days).toEqual([...days].sort()); // oldest first (sites of one day in id order)
    expect(done.sort((a, b) => a.day.localeCompare(b.day) || a.site.localeCompare(b.site))).toEqual([
      { site: "utc", day: "2026-05-08", rows: 2 },
      { site: "auckland", day: "2026-05-09", rows: 3 },
      { site: "utc", day: "2026-05-09", rows: 2 },
    ]);
    expect(run.rows).toBe(7);
    expect(run.outOfTime).toBe(false);
    expect((await listed(db, utc!)).map(({ day, rows }) => [day, rows])).toEqual([["2026-05-08", 2], ["2026-05-09", 2]]);

    // Ten minutes after Auckland's midnight its May 10 is closed; UTC's is not.
    const later = await findDueDays(db, new Date(NOW.getTime() + 10 * 60_000));
    expect(later.map(({ siteId, day }) => [siteId, day])).toEqual([[auckland, "2026-05-10"]]);

    // Nothing changed: a second run writes nothing.
    const puts = store.puts;
    const again = await exportDueDays(db, store, { now: NOW, budgetMs: LONG });
    expect(again).toMatchObject({ exported: [], failed: [], skipped: [], remaining: 0 });
    expect(store.puts).toBe(puts);
  });

  it("exports a closed day again after a late event, and the new file holds it", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "late", ["UTC"]);
    await addEvents(db, site!, ["2026-05-07T08:00:00Z", "2026-05-08T08:00:00Z"]);
    const store = new TestStore();
    await exportDueDays(db, store, { now: NOW, budgetMs: LONG });
    const [, before] = await listed(db, site!);

    const [late] = await addEvents(db, site!, ["2026-05-08T23:00:00Z"], 1);
    const due = ofSite(await findDueDays(db, NOW), site!);
    expect(due).toEqual([{ siteId: site, timeZone: "UTC", day: "2026-05-08", logRows: 3, listedRows: 2 }]);

    const run = await exportDueDays(db, store, { now: NOW, budgetMs: LONG });
    expect(ofSite(run.exported, site!)).toEqual([{ siteId: site, day: "2026-05-08", key: expect.any(String), rows: 3, replacedKey: before!.key }]);
    const after = await listed(db, site!);
    expect(after.map(({ day, rows }) => [day, rows])).toEqual([["2026-05-07", 2], ["2026-05-08", 3]]);
    const file = await store.get(after[1]!.key);
    expect((await readParquetRows(file!)).map((row) => row.id)).toContain(late);
    expect(await store.get(before!.key)).toBeNull();
  });

  it("finds a day with no file however old it is", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "old", ["UTC"]);
    await addEvents(db, site!, ["2025-01-15T12:00:00Z", "2026-05-09T12:00:00Z"]);
    const run = await exportDueDays(db, new TestStore(), { now: NOW, budgetMs: LONG });
    expect(ofSite(run.exported, site!).map(({ day }) => day)).toEqual(["2025-01-15", "2026-05-09"]);
  });

  it("writes each file once when two runners export at once", async () => {
    const { db, url } = database();
    const [site] = await prepareSites(db, "race", ["UTC"]);
    await addEvents(db, site!, ["2026-05-01T12:00:00Z", "2026-05-02T12:00:00Z", "2026-05-03T12:00:00Z", "2026-05-04T12:00:00Z"]);
    // On a server the second runner has its own pool, as another process would.
    const other = url ? await openDatabase({ driver: "pg", url }) : undefined;
    try {
      const store = new TestStore({ putDelayMs: 50 });
      const runs = await Promise.all([exportDueDays(db, store, { now: NOW, budgetMs: LONG }), exportDueDays(other?.db ?? db, store, { now: NOW, budgetMs: LONG })]);
      const exported = runs.flatMap((run) => ofSite(run.exported, site!)).map(({ day }) => day);
      expect(exported.sort()).toEqual(["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"]);
      expect(runs.flatMap((run) => run.failed)).toEqual([]);
      expect([...store.putsOf.values()]).toEqual([1, 1, 1, 1]);
      expect(await listed(db, site!)).toHaveLength(4);
    } finally {
      await other?.close();
    }
  });

  it("reports a failing partition and still exports the others", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "fail", ["UTC"]);
    await addEvents(db, site!, ["2026-04-01T12:00:00Z", "2026-04-02T12:00:00Z", "2026-04-03T12:00:00Z"]);
    const store = new TestStore({ failFor: `site=${site}/date=2026-04-02/` });
    const run = await exportDueDays(db, store, { now: NOW, budgetMs: LONG });
    expect(ofSite(run.exported, site!).map(({ day }) => day)).toEqual(["2026-04-01", "2026-04-03"]);
    expect(run.failed).toEqual([{ siteId: site, day: "2026-04-02", expected: false, reason: expect.stringContaining("test store refuses") }]);
    // Still due: the next run tries it again.
    expect(ofSite(await findDueDays(db, NOW), site!).map(({ day }) => day)).toEqual(["2026-04-02"]);
    await exportDueDays(db, new TestStore(), { now: NOW, budgetMs: LONG });
    expect(ofSite(await findDueDays(db, NOW), site!)).toEqual([]);
  });

  it("starts no partition once the budget is spent, and finishes the one in flight", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "budget", ["UTC"]);
    await addEvents(db, site!, ["2026-03-01T12:00:00Z", "2026-03-02T12:00:00Z", "2026-03-03T12:00:00Z"]);
    const store = new TestStore({ putDelayMs: 300 });
    const run = await exportDueDays(db, store, { now: NOW, budgetMs: 100 });
    expect(run.exported.map(({ day }) => day)).toEqual(["2026-03-01"]);
    expect(run).toMatchObject({ outOfTime: true, remaining: 2, failed: [] });
    expect(await listed(db, site!)).toHaveLength(1);
  });
});
