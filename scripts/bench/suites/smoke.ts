import { sql } from "drizzle-orm";
import { createCollectorApp } from "../../../edge/collector/collector-app";
import { migrateDatabase, openDatabase, queryRows, schema } from "../../../lib/db";
import { databaseBackend } from "../../../lib/ingest";
import { catchUp, projections } from "../../../lib/projections";
import { sequentialUuidv7 } from "../../../lib/testing/sequential-uuidv7";
import { percentile, type BenchSuite } from "../suite";

/**
 * The thin path end to end, in process: collector -> log -> projection ->
 * dashboard query, on an in-memory PGlite. A quick check that nothing got
 * pathologically slow, not a load test.
 */
export const smoke: BenchSuite = {
  name: "smoke",
  description: "collector -> embedded log -> daily pageviews -> dashboard query (in-memory PGlite)",
  params: { events: 5_000, batch_size: 25 },
  async run(params) {
    const events = Number(params.events);
    const batchSize = Number(params.batch_size);
    let started = performance.now();
    const handle = await openDatabase({ driver: "pglite" });
    await migrateDatabase(handle);
    const openMs = performance.now() - started;
    const { db } = handle;
    const [org] = await db.insert(schema.organisations).values({ name: "Bench" }).returning();
    const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Bench", publicKey: "pk_bench" }).returning();

    const now = Date.now();
    const app = createCollectorApp({ withBackend: (work) => work(databaseBackend(db)) });
    const latencies: number[] = [];
    started = performance.now();
    for (let sent = 0; sent < events; sent += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, events - sent) }, (_, i) => ({
        id: sequentialUuidv7(now - (sent + i) * 1000),
        name: "pageview",
        ts: now - (sent + i) * 1000,
        url: `https://bench.test/page/${(sent + i) % 50}`,
      }));
      const t0 = performance.now();
      const response = await app.request("/api/collect", {
        method: "POST",
        headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0 Safari/537.36", "x-real-ip": "198.51.100.1" },
        body: JSON.stringify({ site: "pk_bench", sent_at: now, events: batch }),
      });
      latencies.push(performance.now() - t0);
      if (response.status !== 202) throw new Error(`collector answered ${response.status}: ${await response.text()}`);
    }
    const ingestMs = performance.now() - started;

    started = performance.now();
    for (const projection of Object.values(projections)) await catchUp(db, projection);
    const projectMs = performance.now() - started;

    started = performance.now();
    const [total] = await queryRows<{ pageviews: string }>(db, sql`SELECT sum(pageviews) AS pageviews FROM daily_pageviews WHERE site_id = ${site!.id}`);
    const queryMs = performance.now() - started;
    if (Number(total!.pageviews) !== events) throw new Error(`projected ${total!.pageviews} pageviews, sent ${events}`);
    await handle.close();

    latencies.sort((a, b) => a - b);
    return {
      open_and_migrate_ms: round(openMs),
      ingest_events_per_s: Math.round(events / (ingestMs / 1000)),
      collect_request_p50_ms: round(percentile(latencies, 50)),
      collect_request_p95_ms: round(percentile(latencies, 95)),
      project_events_per_s: Math.round(events / (projectMs / 1000)),
      dashboard_query_ms: round(queryMs),
    };
  },
};

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
