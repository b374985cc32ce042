import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { compactLake } from "./compact-lake";
import { collectLakeGarbage } from "./lake-garbage";
import { drainLake, eventsOfFiles, listedEvents, logEvents } from "./testing/lake-contents";
import { MemoryBlobStore } from "./testing/memory-blob-store";

// Feb 28 is open; Feb 27 closed; January ended more than MONTHLY_AFTER_DAYS ago.
const NOW = new Date("2026-02-28T12:00:00Z");
const LONG = 60_000;

/** Events at each of `times`, one transaction per time, so small batches make several files a day. */
async function addEvents(db: Database, siteId: string, times: string[]): Promise<void> {
  for (const iso of times) await db.insert(schema.events).values([0, 1].map(() => ({ siteId, id: crypto.randomUUID(), name: "pageview", ts: new Date(iso), visitorId: "v" })));
}

async function files(db: Database, siteId: string) {
  return queryRows<{ kind: string; day: string; rows: number }>(db, sql`SELECT kind, day::text, rows::int FROM lake_files WHERE site_id = ${siteId} ORDER BY day, kind`);
}

/** A store whose uploads are slow, so a merge is in flight for a while. */
class SlowStore extends MemoryBlobStore {
  /** How long each upload takes. */
  delayMs = 40;
  override async put(key: string, body: Uint8Array): Promise<void> {
    await sleep(this.delayMs);
    await super.put(key, body);
  }
}

describeEachDatabase("compactLake", (database) => {
  it("merges closed days into daily files and ended months into monthly ones, with the same events, again after late events", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "compact", ["UTC"]);
    await addEvents(db, site!, ["2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", "2026-01-20T10:00:00Z", "2026-02-27T10:00:00Z", "2026-02-27T11:00:00Z", "2026-02-27T12:00:00Z", "2026-02-28T10:00:00Z"]);
    const store = new MemoryBlobStore();
    await drainLake(db, store, 2);
    expect((await files(db, site!)).every(({ kind }) => kind === "micro")).toBe(true);
    const microKeys = (await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_files WHERE site_id = ${site}`)).map(({ key }) => key);

    const run = await compactLake(db, store, { now: NOW, budgetMs: LONG });
    expect(run.failed).toEqual([]);
    expect(await files(db, site!)).toEqual([
      { kind: "monthly", day: "2026-01-01", rows: 6 },
      { kind: "daily", day: "2026-02-27", rows: 6 },
      { kind: "micro", day: "2026-02-28", rows: 2 },
    ]);
    expect(await listedEvents(db, store, [site!])).toEqual(await logEvents(db, [site!]));
    // The merged files wait in the garbage table, still readable for URLs already handed out.
    const garbage = await queryRows<{ key: string; reason: string }>(db, sql`SELECT key, reason FROM lake_garbage WHERE site_id = ${site} ORDER BY key`);
    expect(garbage.map(({ key }) => key)).toEqual(microKeys.filter((key) => !key.includes("2026-02-28")).sort());
    expect(garbage.every(({ reason }) => reason === "replaced")).toBe(true);
    for (const { key } of garbage) expect(await store.get(key)).not.toBeNull();
    expect(await collectLakeGarbage(db, store)).toBe(0); // not yet

    // Nothing changed: nothing to merge.
    expect((await compactLake(db, store, { now: NOW, budgetMs: LONG })).compacted).toEqual([]);

    // Late events: the day and the month are merged again, one file each.
    await addEvents(db, site!, ["2026-01-07T10:00:00Z", "2026-02-27T23:00:00Z"]);
    await drainLake(db, store, 100);
    const again = await compactLake(db, store, { now: NOW, budgetMs: LONG });
    expect(again.compacted.map(({ kind, day, files }) => [kind, day, files])).toEqual([
      ["monthly", "2026-01-01", 2],
      ["daily", "2026-02-27", 2],
    ]);
    expect((await files(db, site!)).map(({ kind, rows }) => [kind, rows])).toEqual([["monthly", 8], ["daily", 8], ["micro", 2]]);
    expect(await listedEvents(db, store, [site!])).toEqual(await logEvents(db, [site!]));

    // An open day is merged once it has enough micro files.
    await addEvents(db, site!, ["2026-02-28T11:00:00Z"]);
    await drainLake(db, store, 100);
    await compactLake(db, store, { now: NOW, budgetMs: LONG, openDayMicroFiles: 2 });
    expect((await files(db, site!)).at(-1)).toEqual({ kind: "daily", day: "2026-02-28", rows: 4 });

    // Once their time has come, replaced blobs are deleted; listed ones never.
    await db.execute(sql`UPDATE lake_garbage SET delete_after = now() - interval '1 second' WHERE site_id = ${site}`);
    const replaced = (await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_garbage WHERE site_id = ${site}`)).map(({ key }) => key);
    expect(await collectLakeGarbage(db, store)).toBe(replaced.length);
    for (const key of replaced) expect(await store.get(key)).toBeNull();
    expect(await listedEvents(db, store, [site!])).toEqual(await logEvents(db, [site!]));
  });

  it("switches the manifest at once: a reader listing during merges sees the old files or the new ones, the same events", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "compact-read", ["UTC"]);
    const times = ["2026-02-20", "2026-02-21", "2026-02-22"].flatMap((day) => [`${day}T08:00:00Z`, `${day}T09:00:00Z`, `${day}T10:00:00Z`]);
    await addEvents(db, site!, times);
    const store = new SlowStore();
    await drainLake(db, store, 2);
    const expected = await logEvents(db, [site!]);
    const listings = new Set<string>();
    let done = false;
    // Slow merges, so the reader lists between them even on a busy machine (a reader's round reads every file).
    store.delayMs = 600;
    const merging = compactLake(db, store, { now: NOW, budgetMs: LONG }).finally(() => (done = true));
    while (!done) {
      const keys = (await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_files WHERE site_id = ${site}`)).map(({ key }) => key);
      listings.add(keys.sort().join(" "));
      expect(await eventsOfFiles(store, keys)).toEqual(expected);
    }
    expect((await merging).compacted).toHaveLength(3);
    expect(listings.size).toBeGreaterThan(2); // the reader saw states between the merges
    expect(await files(db, site!)).toHaveLength(3);
  });
});
