import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, dailyPageviewsFromLog, dailyPageviewsReadModel, prepareSites, snapshotReadModels } from "@/lib/testing/projection-fixtures";
import { catchUp, projectBatch, projections, rebuild, reprojectSite } from ".";

const SERVER_ONLY = "PGlite has one connection: nothing can run beside the re-projection";

describeEachDatabase("reprojectSite", (database) => {
  const all = Object.values(projections);
  let moved: string;
  let other: string;

  const catchUpAll = async (db: Database) => {
    for (const projection of all) await catchUp(db, projection, 100);
  };
  const rebuildAll = async (db: Database) => {
    for (const projection of all) await rebuild(db, projection);
  };
  /** Change the site's zone and re-project it, in one transaction, as updateSite does. */
  const changeZone = (db: Database, siteId: string, timeZone: string, batchSize?: number) =>
    db.transaction(async (tx) => {
      await tx.update(schema.sites).set({ timeZone }).where(eq(schema.sites.id, siteId));
      return reprojectSite(tx, siteId, all, batchSize);
    });
  const pageviewsOf = async (db: Database, siteId: string) =>
    (await dailyPageviewsReadModel(db)).filter((row) => row.site_id === siteId).reduce((sum, row) => sum + row.pageviews, 0);

  beforeAll(async () => {
    [moved, other] = await prepareSites(database().db, "reproject", ["UTC", "America/Los_Angeles"]) as [string, string];
    await appendTraffic(database().db, [moved, other], { events: 900, seed: 11, perTransaction: 40 });
  });

  it("gives the site under its new zone exactly what a rebuild gives, and leaves the other site's rows alone", async () => {
    const { db } = database();
    await catchUpAll(db);
    const movedBefore = await snapshotReadModels(db, moved);
    const otherBefore = await snapshotReadModels(db, other);
    const [{ n }] = (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM events WHERE site_id = ${moved}`)) as [{ n: number }];

    // Small batches: the replay runs in many ranges, as a big site's would.
    expect(await changeZone(db, moved, "Asia/Tokyo", 97)).toBe(n * all.length);
    const movedAfter = await snapshotReadModels(db, moved);
    // Nine hours east moves hours and days: the test would see a replay that kept the old zone.
    expect(movedAfter.hourly_hits).not.toEqual(movedBefore.hourly_hits);
    expect(movedAfter.daily_stats).not.toEqual(movedBefore.daily_stats);
    expect(await snapshotReadModels(db, other)).toEqual(otherBefore);
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));

    await rebuildAll(db);
    expect(await snapshotReadModels(db, moved)).toEqual(movedAfter);
    expect(await snapshotReadModels(db, other)).toEqual(otherBefore);
  });

  it("replays only what the runners have applied, and leaves the rest to them", async () => {
    const { db } = database();
    await catchUpAll(db);
    const applied = await pageviewsOf(db, moved);
    await appendTraffic(db, [moved, other], { events: 200, seed: 12, perTransaction: 40 });
    await changeZone(db, moved, "America/Los_Angeles");
    expect(await pageviewsOf(db, moved)).toBe(applied);

    await catchUpAll(db);
    expect(await pageviewsOf(db, moved)).toBeGreaterThan(applied);
    const incremental = await snapshotReadModels(db);
    await rebuildAll(db);
    expect(await snapshotReadModels(db)).toEqual(incremental);
  });

  it("waits for a batch in flight, and runners skip the projections until it commits", async ({ skip }) => {
    const { db, url } = database();
    if (!url) return skip(SERVER_ONLY);
    await catchUpAll(db);
    await appendTraffic(db, [moved, other], { events: 100, seed: 13, perTransaction: 50 });
    const batch = new pg.Client({ connectionString: url });
    await batch.connect();
    let runnersApplied: number[] = [];
    try {
      // A runner's batch in the middle of its work: the checkpoint locked, a row of the site written under the old zone.
      await batch.query("BEGIN");
      await batch.query("SELECT 1 FROM projection_checkpoints WHERE name = 'daily_pageviews' FOR UPDATE");
      await batch.query("INSERT INTO daily_pageviews (site_id, day, pageviews) VALUES ($1, '2001-01-01', 1)", [moved]);
      let done = false;
      const changing = db
        .transaction(async (tx) => {
          await tx.update(schema.sites).set({ timeZone: "Europe/Berlin" }).where(eq(schema.sites.id, moved));
          await reprojectSite(tx, moved, all);
          // Still in the transaction: every runner finds its projection held.
          runnersApplied = await Promise.all(all.map((projection) => projectBatch(db, projection)));
        })
        .then(() => (done = true));
      await sleep(300);
      expect(done).toBe(false);
      await batch.query("COMMIT");
      await changing;
    } finally {
      await batch.end();
    }
    expect(runnersApplied).toEqual(all.map(() => 0));
    // The batch's row was committed before the replay cleared the site: it is gone.
    expect((await dailyPageviewsReadModel(db)).filter((row) => row.day === "2001-01-01")).toEqual([]);
    await catchUpAll(db);
    const incremental = await snapshotReadModels(db);
    await rebuildAll(db);
    expect(await snapshotReadModels(db)).toEqual(incremental);
  });
});
