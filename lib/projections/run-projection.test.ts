import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { openDatabase, queryRows, schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, dailyPageviewsFromLog, dailyPageviewsReadModel, expectReadModelsMatchLog, prepareSites } from "@/lib/testing/projection-fixtures";
import { projections } from ".";
import { dailyPageviewsProjection } from "./daily-pageviews";
import type { Projection } from "./projection";
import { projectionLag } from "./projection-lag";
import { catchUp, projectBatch, rebuild } from "./run-projection";

const SERVER_ONLY = "PGlite has one connection: nothing can run beside the projector";

describeEachDatabase("projection runner", (database) => {
  const all = Object.values(projections);
  let siteIds: string[];

  const catchUpAll = async (db: Database) => {
    for (const projection of all) await catchUp(db, projection, 50);
  };
  // Every runner reads only below the oldest write transaction of the whole
  // server, and other test files write to other databases of it meanwhile:
  // a batch may come up empty for a moment, and these retry.
  const projectBatches = async (db: Database, projection: Projection, batchSize: number, events: number) => {
    const batches: number[] = [];
    for (let total = 0; total < events; ) {
      const batch = await projectBatch(db, projection, batchSize);
      if (batch > 0) batches.push(batch);
      else await sleep(10);
      total += batch;
    }
    return batches;
  };
  /** Every projection as far as it can go now, as a worker would: no waiting for transactions in flight. */
  const projectAvailable = async (db: Database) => {
    for (const projection of all) while ((await projectBatch(db, projection, 50)) > 0);
  };
  const eventCount = async (db: Database) => Number((await queryRows<{ n: string }>(db, sql`SELECT count(*) AS n FROM events`))[0]!.n);

  beforeAll(async () => {
    siteIds = await prepareSites(database().db, "runner");
  });

  it("applies the log in batches and counts the events each batch applied", async () => {
    const { db } = database();
    await appendTraffic(db, siteIds, { events: 130, seed: 1, perTransaction: 30 });
    const batches = await projectBatches(db, dailyPageviewsProjection, 50, 130);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
    expect(await projectBatch(db, dailyPageviewsProjection, 50)).toBe(0);
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
  });

  it("never passes over an event whose transaction commits late", async ({ skip }) => {
    const { db, url } = database();
    if (!url) return skip(SERVER_ONLY);
    await catchUpAll(db);
    const held = new pg.Client({ connectionString: url });
    await held.connect();
    try {
      await held.query("BEGIN");
      // Appended first (lower seq and tx), committed last.
      const late = (
        await held.query<{ tx: string; seq: string }>(
          `INSERT INTO events (site_id, id, name, ts, visitor_id, path) VALUES ($1, gen_random_uuid(), 'pageview', '2026-03-15T07:30:00Z', 'late-visitor', '/late')
           RETURNING tx::text AS tx, seq`,
          [siteIds[1]],
        )
      ).rows[0]!;
      await appendTraffic(db, siteIds, { events: 300, seed: 2, perTransaction: 50 });
      await projectAvailable(db);

      const [checkpoints] = await queryRows<{ before: boolean; count: string }>(
        db,
        sql`SELECT bool_and((last_tx, last_seq) < (${late.tx}::xid8, ${late.seq}::bigint)) AS before, count(*) AS count FROM projection_checkpoints`,
      );
      expect(checkpoints).toEqual({ before: true, count: String(all.length) });
      // The rows committed meanwhile wait behind the open transaction: lag, not loss.
      for (const lag of await projectionLag(db, all)) expect(lag.oldestUnprojectedAt).not.toBeNull();

      await held.query("COMMIT");
    } finally {
      await held.end();
    }
    await catchUpAll(db);
    expect((await projectionLag(db, all)).map((lag) => lag.lagMs)).toEqual(all.map(() => 0));
    // The late pageview counts, once; every read model equals a rebuild.
    await expectReadModelsMatchLog(db, all);
  });

  it("lets several workers run at once, applying each event once", async ({ skip }) => {
    const { db, url } = database();
    if (!url) return skip(SERVER_ONLY);
    await catchUpAll(db);
    const before = await eventCount(db);
    const workers = await Promise.all([0, 1, 2, 3].map(() => openDatabase({ driver: "pg", url, max: 2 })));
    const appliedBy = workers.map(() => Object.fromEntries(all.map((projection) => [projection.name, 0])));
    try {
      let appending = true;
      const appender = (async () => {
        for (let round = 0; round < 10; round++) await appendTraffic(db, siteIds, { events: 100, seed: 10 + round, perTransaction: 25 });
        appending = false;
      })();
      await Promise.all([
        appender,
        ...workers.map(async (worker, i) => {
          // One batch per turn, as the worker's loop runs them (lib/jobs/run-projections.ts):
          // catchUp would keep a projection until the head and let one worker take every batch.
          while (appending) {
            for (const projection of all) appliedBy[i]![projection.name]! += await projectBatch(worker.db, projection, 20);
            await sleep(5);
          }
          for (const projection of all) appliedBy[i]![projection.name]! += await catchUp(worker.db, projection, 20);
        }),
      ]);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
    for (const projection of all) appliedBy[0]![projection.name]! += await catchUp(db, projection);

    const appended = (await eventCount(db)) - before;
    expect(appended).toBe(1_000);
    for (const projection of all) {
      const counts = appliedBy.map((applied) => applied[projection.name]!);
      expect(counts.reduce((sum, count) => sum + count, 0), `${projection.name}: ${counts.join(" + ")}`).toBe(appended);
      expect(counts.filter((count) => count > 0).length, `${projection.name}: ${counts.join(" + ")}`).toBeGreaterThan(1);
    }
    await expectReadModelsMatchLog(db, all);
  });

  it("skips a projection another runner holds, and a rebuild waits for it", async ({ skip }) => {
    const { db, url } = database();
    if (!url) return skip(SERVER_ONLY);
    await appendTraffic(db, siteIds, { events: 40, seed: 30 });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE", [dailyPageviewsProjection.name]);
      expect(await projectBatch(db, dailyPageviewsProjection)).toBe(0);
      let rebuilt = false;
      const rebuilding = rebuild(db, dailyPageviewsProjection).then(() => (rebuilt = true));
      await sleep(300);
      expect(rebuilt).toBe(false);
      await other.query("COMMIT");
      await rebuilding;
    } finally {
      await other.end();
    }
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
  });

  it("measures lag as the age of the oldest event not yet applied", async () => {
    const { db } = database();
    await catchUpAll(db);
    const caughtUp = await projectionLag(db, all);
    expect(caughtUp.map(({ name, lagMs, oldestUnprojectedAt }) => ({ name, lagMs, oldestUnprojectedAt }))).toEqual(
      all.map(({ name }) => ({ name, lagMs: 0, oldestUnprojectedAt: null })),
    );
    const [last] = await queryRows<{ tx: string; seq: string | number }>(db, sql`SELECT tx::text AS tx, seq FROM events ORDER BY tx DESC, seq DESC LIMIT 1`);
    expect(caughtUp[0]!.checkpoint).toEqual({ tx: last!.tx, seq: Number(last!.seq) });
    expect(caughtUp[0]!.updatedAt).toBeInstanceOf(Date);

    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000);
    const oneMinuteAgo = new Date(Date.now() - 60_000);
    const event = (receivedAt: Date) => ({ siteId: siteIds[0]!, id: crypto.randomUUID(), name: "pageview", ts: receivedAt, receivedAt, visitorId: "lag" });
    await db.insert(schema.events).values(event(fiveMinutesAgo));
    await db.insert(schema.events).values(event(oneMinuteAgo));
    for (const lag of await projectionLag(db, all)) {
      expect(lag.oldestUnprojectedAt).toEqual(fiveMinutesAgo);
      expect(lag.lagMs).toBeGreaterThanOrEqual(5 * 60_000);
      expect(lag.lagMs).toBeLessThan(6 * 60_000);
    }
    await projectBatches(db, dailyPageviewsProjection, 1, 1);
    const [afterOne] = await projectionLag(db, [dailyPageviewsProjection]);
    expect(afterOne!.oldestUnprojectedAt).toEqual(oneMinuteAgo);

    // A projection that never ran lags from the start of the log.
    const neverRun: Projection = { name: "never_run", apply: async () => {}, reset: async () => {} };
    const [fresh] = await projectionLag(db, [neverRun]);
    expect(fresh).toMatchObject({ name: "never_run", checkpoint: { tx: "0", seq: 0 }, updatedAt: null });
    expect(fresh!.lagMs).toBeGreaterThan(0);

    await catchUpAll(db);
    expect((await projectionLag(db, all)).map((lag) => lag.lagMs)).toEqual(all.map(() => 0));
  });
});
