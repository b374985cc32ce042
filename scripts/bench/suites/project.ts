import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../../../lib/db";
import { appendEvents } from "../../../lib/ingest/database-backend";
import { runProjectionLoop } from "../../../lib/jobs/run-projections";
import { projectionLag, projections, rebuild } from "../../../lib/projections";
import { copyEvents } from "../../../lib/seed/copy-events";
import { generateTraffic } from "../../../lib/seed/generate-traffic";
import { createBenchSite, freshBenchDatabase } from "../fresh-bench-database";
import { percentile, type BenchSuite } from "../suite";

const TIME_ZONE = "Europe/Berlin";

/**
 * The projection engine on a seeded log: every projection rebuilt from
 * `events` events (the throughput), then the lag while events are appended
 * at a steady rate and the in-process loop keeps up (sampled every 50 ms:
 * the age of the oldest event some projection has not applied).
 * BENCH_DATABASE_URL selects real Postgres; unset, embedded PGlite.
 */
export const project: BenchSuite = {
  name: "project",
  description: "projections: rebuild throughput over a seeded log, and lag under steady ingest",
  params: { events: 1_000_000, days: 30, ingest_rate: 1_000, ingest_seconds: 20 },
  async run(params) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-bench-project-"));
    const handle = await freshBenchDatabase("inlet_bench_project", work);
    try {
      const { db } = handle;
      const { id: siteId } = await createBenchSite(handle, "pk_bench_project", TIME_ZONE);
      const events = Number(params.events);
      await copyEvents(handle.raw, generateTraffic({ siteId, events, days: Number(params.days), end: new Date(), seed: 42, timeZone: TIME_ZONE }));

      // As the seed does: without statistics the planner takes the fresh log for
      // empty and scans all of it for every batch (at 10M events, 10x slower).
      await db.execute(sql`ANALYZE events`);

      const perProjection: Record<string, number> = {};
      const started = performance.now();
      for (const projection of Object.values(projections)) {
        const t0 = performance.now();
        await rebuild(db, projection);
        perProjection[`${projection.name}_events_per_s`] = Math.round(events / ((performance.now() - t0) / 1000));
      }
      const eventsPerSecond = Math.round(events / ((performance.now() - started) / 1000));

      const lag = await lagUnderIngest(handle, siteId, Number(params.ingest_rate), Number(params.ingest_seconds));
      return { events_per_s: eventsPerSecond, ...perProjection, ...lag };
    } finally {
      await handle.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

/** Append `rate` events/s (in 10 appends a second, as group commit would) while the projection loop runs. */
async function lagUnderIngest(handle: DatabaseHandle, siteId: string, rate: number, seconds: number) {
  const { db } = handle;
  const all = Object.values(projections);
  const stop = new AbortController();
  const loop = runProjectionLoop(db, all, { signal: stop.signal, idleMs: 20 });

  const samples: number[] = [];
  const sampler = setInterval(() => {
    projectionLag(db, all)
      .then((lags) => samples.push(Math.max(...lags.map((lag) => lag.lagMs))))
      .catch(() => {});
  }, 50);

  // New traffic for the same site, continuing where the seed ended.
  const traffic = generateTraffic({ siteId, events: rate * seconds, days: 1, end: new Date(Date.now() + 86_400_000), seed: 7, timeZone: TIME_ZONE });
  const perAppend = Math.max(1, Math.round(rate / 10));
  const started = performance.now();
  let appended = 0;
  for (let tick = 0; appended < rate * seconds; tick++) {
    const due = started + tick * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const rows = [];
    for (let i = 0; i < perAppend; i++) {
      const next = traffic.next();
      if (next.done) break;
      const now = Date.now();
      rows.push({ ...next.value, ts: new Date(now - Math.floor(Math.random() * 60_000)), receivedAt: new Date(now) });
    }
    await appendEvents(db, rows);
    appended += rows.length;
  }
  const appendSeconds = (performance.now() - started) / 1000;
  // Let the loop finish what was appended, then stop it.
  while (Math.max(...(await projectionLag(db, all)).map((lag) => lag.lagMs)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(sampler);
  stop.abort();
  await loop;
  samples.sort((a, b) => a - b);
  return {
    ingest_events_per_s_achieved: Math.round(appended / appendSeconds),
    lag_p50_ms: Math.round(percentile(samples, 50)),
    lag_p99_ms: Math.round(percentile(samples, 99)),
    lag_max_ms: Math.round(samples.at(-1) ?? 0),
  };
}
