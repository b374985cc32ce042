import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { retireHotDays } from "./retire-hot-days";
import { drainLake } from "./testing/lake-contents";
import { MemoryBlobStore } from "./testing/memory-blob-store";

const NOW = new Date("2026-06-20T12:00:00Z");
const RUN = { now: NOW, budgetMs: 60_000 };

async function siteIn(db: Database, name: string, timeZone: string, hotRetentionDays: number): Promise<string> {
  const [organisation] = await db.insert(schema.organisations).values({ name }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: organisation!.id, name, publicKey: `pk_retire_${name}`, timeZone, hotRetentionDays }).returning();
  return site!.id;
}

async function addEvents(db: Database, siteId: string, times: string[]): Promise<void> {
  await db.insert(schema.events).values(times.map((iso) => ({ siteId, id: crypto.randomUUID(), name: "pageview", ts: new Date(iso), visitorId: "v", path: "/" })));
}

/** Every event of the log into the lake (waiting, as the lake job does, for transactions still running elsewhere). */
async function exportAll(db: Database, store: MemoryBlobStore): Promise<void> {
  await drainLake(db, store, 1_000);
}

async function logTimes(db: Database, siteId: string): Promise<string[]> {
  const rows = await queryRows<{ ts: Date | string }>(db, sql`SELECT ts FROM events WHERE site_id = ${siteId} ORDER BY ts`);
  return rows.map((row) => new Date(row.ts).toISOString());
}

describeEachDatabase("retireHotDays", (database) => {
  it("deletes the days before the hot window, in the site's zone, once the lake holds them, and keeps the rest", async () => {
    const { db } = database();
    const store = new MemoryBlobStore();
    // Berlin is UTC+2 in June: its 2026-06-17 runs from 06-16T22:00Z to 06-17T22:00Z. With 2 hot days the window starts on 06-18.
    const berlin = await siteIn(db, "berlin", "Europe/Berlin", 2);
    await addEvents(db, berlin, ["2026-06-16T21:59:59Z", "2026-06-16T22:00:00Z", "2026-06-17T21:59:59Z", "2026-06-17T22:00:00Z", "2026-06-20T11:00:00Z"]);
    await exportAll(db, store);

    const run = await retireHotDays(db, store, RUN);
    expect(run.retired.map(({ day, rows }) => [day, rows])).toEqual([["2026-06-16", 1], ["2026-06-17", 2]]);
    expect(run.kept).toEqual([]);
    expect(await logTimes(db, berlin)).toEqual(["2026-06-17T22:00:00.000Z", "2026-06-20T11:00:00.000Z"]);
    // Nothing more is due: a second run changes nothing.
    expect((await retireHotDays(db, store, RUN)).retired).toEqual([]);
  });

  it("keeps a day the lake does not hold yet, and the site's later days with it", async () => {
    const { db } = database();
    const store = new MemoryBlobStore();
    const site = await siteIn(db, "behind", "UTC", 2);
    await addEvents(db, site, ["2026-06-10T10:00:00Z", "2026-06-11T10:00:00Z"]);
    await exportAll(db, store);
    // An event of the oldest day that no micro-batch has taken yet.
    await addEvents(db, site, ["2026-06-10T11:00:00Z"]);

    const run = await retireHotDays(db, store, RUN);
    expect(run.retired).toEqual([]);
    expect(run.kept).toEqual([{ siteId: site, day: "2026-06-10", reason: "the lake holds 1 of the day's events, the log 2, or other ones" }]);
    expect(await logTimes(db, site)).toHaveLength(3);

    await exportAll(db, store);
    expect((await retireHotDays(db, store, RUN)).retired.map(({ day, rows }) => [day, rows])).toEqual([["2026-06-10", 2], ["2026-06-11", 1]]);
    expect(await logTimes(db, site)).toEqual([]);
  });

  it("retires the days before the first the lake does not hold, and keeps that one and those after", async () => {
    const { db } = database();
    const store = new MemoryBlobStore();
    const site = await siteIn(db, "middle", "UTC", 2);
    await addEvents(db, site, ["2026-06-10T10:00:00Z", "2026-06-11T10:00:00Z", "2026-06-12T10:00:00Z"]);
    await exportAll(db, store);
    await addEvents(db, site, ["2026-06-11T11:00:00Z"]);

    const run = await retireHotDays(db, store, RUN);
    expect(run.retired.map(({ day }) => day)).toEqual(["2026-06-10"]);
    expect(run.kept.map(({ day }) => day)).toEqual(["2026-06-11"]);
    expect(await logTimes(db, site)).toEqual(["2026-06-11T10:00:00.000Z", "2026-06-11T11:00:00.000Z", "2026-06-12T10:00:00.000Z"]);
  });

  it("keeps the rows when a lake file read back does not match its checksum, or is gone", async () => {
    const { db } = database();
    const store = new MemoryBlobStore();
    const site = await siteIn(db, "damaged", "UTC", 2);
    await addEvents(db, site, ["2026-06-10T10:00:00Z"]);
    await exportAll(db, store);
    const [file] = await db.select().from(schema.lakeFiles).where(eq(schema.lakeFiles.siteId, site));
    const bytes = (await store.get(file!.key))!;

    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length >> 1]! ^= 0xff;
    await store.put(file!.key, flipped);
    expect((await retireHotDays(db, store, RUN)).kept[0]?.reason).toBe(`lake file ${file!.key} does not match its checksum`);

    await store.delete(file!.key);
    expect((await retireHotDays(db, store, RUN)).kept[0]?.reason).toBe(`lake file ${file!.key} is missing from the store`);
    expect(await logTimes(db, site)).toHaveLength(1);

    await store.put(file!.key, bytes);
    expect((await retireHotDays(db, store, RUN)).retired).toHaveLength(1);
    expect(await logTimes(db, site)).toEqual([]);
  });
});
