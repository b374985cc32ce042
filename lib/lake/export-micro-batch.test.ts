import pg from "pg";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, prepareSites } from "@/lib/testing/projection-fixtures";
import { exportMicroBatch } from "./export-micro-batch";
import { lakeCheckpoint } from "./lake-checkpoint";
import { readParquetRows } from "./parquet-reader";
import { drainLake, listedEvents, logEvents } from "./testing/lake-contents";
import { MemoryBlobStore } from "./testing/memory-blob-store";

/** Micro-batches until one finds nothing (or something holds them back); returns the events written. */
async function drainOnce(db: Database, store: MemoryBlobStore, batchSize: number): Promise<number> {
  let rows = 0;
  for (let batch = await exportMicroBatch(db, store, batchSize); batch !== "busy" && batch.rows > 0; batch = await exportMicroBatch(db, store, batchSize)) rows += batch.rows;
  return rows;
}

/**
 * The first batch that finds events. A batch takes only events below the
 * oldest running transaction, and on a shared server that may be another test
 * file's for a moment: the new events then wait, as the lake job would.
 */
async function firstBatchWithRows(batch: () => ReturnType<typeof exportMicroBatch>): ReturnType<typeof exportMicroBatch> {
  for (let waited = 0; ; waited += 50) {
    const result = await batch();
    if (result === "busy" || result.rows > 0 || waited >= 30_000) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase("exportMicroBatch", (database) => {
  it("writes every event of the log once, one micro file per site and local day of a batch, and a re-run writes nothing", async () => {
    const { db } = database();
    const sites = await prepareSites(db, "micro");
    await appendTraffic(db, sites, { events: 900, seed: 3, perTransaction: 50 });
    const store = new MemoryBlobStore();
    expect(await drainLake(db, store, 200)).toBe(900);
    expect(await listedEvents(db, store, sites)).toEqual(await logEvents(db, sites));

    const files = await queryRows<{ key: string; site_id: string; day: string; time_zone: string; rows: number }>(
      db,
      sql`SELECT f.key, f.site_id::text, f.day::text, s.time_zone, f.rows::int FROM lake_files f JOIN sites s ON s.id = f.site_id`,
    );
    expect(files.every((file) => file.key.startsWith(`site=${file.site_id}/date=${file.day}/micro-`))).toBe(true);
    for (const file of files.slice(0, 5)) {
      const rows = await readParquetRows((await store.get(file.key))!);
      expect(rows).toHaveLength(file.rows);
      const localDays = rows.map((row) => new Date(Number(row.ts / 1000n)).toLocaleDateString("en-CA", { timeZone: file.time_zone }));
      expect(new Set(localDays)).toEqual(new Set([file.day]));
    }
    // Every blob written is listed, none left pending.
    expect(await queryRows(db, sql`SELECT key FROM lake_garbage`)).toEqual([]);

    const puts = store.puts;
    expect(await exportMicroBatch(db, store, 200)).toEqual({ rows: 0, files: [] });
    expect(store.puts).toBe(puts);
  });

  it("leaves the checkpoint and the manifest as they were when a batch fails, and the retry lists each event once", async () => {
    const { db } = database();
    const sites = await prepareSites(db, "micro-fail");
    const store = new MemoryBlobStore();
    await drainLake(db, store, 500);
    await appendTraffic(db, sites, { events: 120, seed: 4 });
    const before = await lakeCheckpoint(db);
    const failing = new MemoryBlobStore();
    failing.get = async () => null; // every upload reads back missing
    await expect(firstBatchWithRows(() => exportMicroBatch(db, failing, 500))).rejects.toThrow(/does not read back/);
    expect(await lakeCheckpoint(db)).toEqual(before);
    // The blob written is registered for deletion, not listed.
    expect((await queryRows(db, sql`SELECT reason FROM lake_garbage`)).length).toBeGreaterThan(0);
    await drainLake(db, store, 500);
    expect(await listedEvents(db, store, sites)).toEqual(await logEvents(db, sites));
    expect(await queryRows(db, sql`SELECT key FROM lake_garbage g WHERE EXISTS (SELECT 1 FROM lake_files f WHERE f.key = g.key)`)).toEqual([]);
  });

  it("passes over no event of a transaction that commits after later ones", async (context) => {
    const { db, url } = database();
    if (!url) return context.skip(); // an embedded database has one connection: no transaction can stay open beside others
    const [site] = await prepareSites(db, "micro-open", ["UTC"]);
    const store = new MemoryBlobStore();
    await drainLake(db, store, 500);
    const event = () => ({ siteId: site!, id: crypto.randomUUID(), name: "pageview", ts: new Date("2026-02-01T12:00:00Z"), visitorId: "v" });

    const open = new pg.Client({ connectionString: url });
    await open.connect();
    try {
      await open.query("BEGIN");
      const held = event();
      await open.query("INSERT INTO events (site_id, id, name, ts, visitor_id) VALUES ($1, $2, 'pageview', $3, 'v')", [held.siteId, held.id, held.ts]);
      // Later transactions commit while it stays open: their rows get higher seq and tx.
      for (let i = 0; i < 3; i++) await db.insert(schema.events).values([event(), event()]);
      await drainOnce(db, store, 2);
      expect(await listedEvents(db, store, [site!])).toEqual([]); // they wait behind the open transaction
      await open.query("COMMIT");
    } finally {
      await open.end();
    }
    expect(await drainLake(db, store, 2)).toBe(7);
    expect(await listedEvents(db, store, [site!])).toEqual(await logEvents(db, [site!]));
  });
});
