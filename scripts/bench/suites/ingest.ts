import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, queryRows, schema, type DatabaseHandle } from "../../../lib/db";
import type { SeedEvent } from "../../../lib/seed/generate-traffic";
import { copyEvents } from "../../../lib/seed/copy-events";
import { startAppServer } from "../../../lib/testing/app-server";
import { prepareSite } from "../../../lib/testing/prepare-site";
import { sequentialUuidv7 } from "../../../lib/testing/sequential-uuidv7";
import { benchDatabaseTarget } from "../fresh-bench-database";
import { percentile, type BenchSuite } from "../suite";

const PORT = 3210;
const KEY = "pk_bench_ingest";
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * The collector over real HTTP against the production build (`next start`):
 * 20-event batches and single events from many concurrent connections, then
 * single events at a fixed 500 requests/s for latency; afterwards every
 * accepted id is looked up in the log, and the same rows are bulk-loaded by
 * COPY into a fresh database as the physical limit to compare with.
 * BENCH_DATABASE_URL selects real Postgres; unset, the embedded default.
 */
export const ingest: BenchSuite = {
  name: "ingest",
  description: "collector over HTTP (next start) -> events log, vs. a COPY baseline",
  params: { batch_events: 20_000, single_events: 4_000, concurrency: 32, rate_rps: 500, rate_seconds: 5 },
  async run(params) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-bench-ingest-"));
    // The app keeps its embedded database at DATA_DIR/pglite.
    const target = process.env.BENCH_DATABASE_URL
      ? await benchDatabaseTarget("inlet_bench_ingest", work)
      : ({ driver: "pglite", dataDir: path.join(work, "pglite") } as const);
    const siteId = await prepareSite(target, KEY);

    ensureBuild();
    const server = await startAppServer({
      port: PORT,
      dataDir: work,
      database: target,
      // One client machine plays every visitor: per-IP limits would measure themselves.
      env: { COLLECT_RATE_LIMIT_IP: "0", COLLECT_RATE_LIMIT_SITE: "0", JOBS: "external" },
    });
    const accepted = new Set<string>();
    let results: Record<string, number>;
    try {
      const batch = await closedLoop({ events: Number(params.batch_events), perRequest: 20, concurrency: Number(params.concurrency), accepted });
      const single = await closedLoop({ events: Number(params.single_events), perRequest: 1, concurrency: Number(params.concurrency), accepted });
      const paced = await openLoop({ rps: Number(params.rate_rps), seconds: Number(params.rate_seconds), accepted });
      results = {
        events_per_s_batch20: Math.round(batch.eventsPerSecond),
        events_per_s_single: Math.round(single.eventsPerSecond),
        batch20_p50_ms: round(batch.p50),
        batch20_p99_ms: round(batch.p99),
        p50_ms: round(paced.p50),
        p99_ms: round(paced.p99),
        paced_rps_achieved: Math.round(paced.achievedRps),
        non_202_answers: batch.failed + single.failed + paced.failed,
      };
    } finally {
      agent.destroy();
      await server.stop();
    }

    // The log, read back after the server let go of it (PGlite is single-process).
    const handle = await openDatabase(target);
    try {
      const stored = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM events WHERE site_id = ${siteId}`);
      const storedIds = new Set(stored.map((row) => row.id));
      const lost = [...accepted].filter((id) => !storedIds.has(id)).length;
      const copy = await copyBaseline(handle, siteId, work);
      fs.rmSync(work, { recursive: true, force: true });
      return {
        ...results,
        accepted: accepted.size,
        stored: stored.length,
        lost,
        duplicates: stored.length - storedIds.size,
        copy_baseline_events_per_s: Math.round(copy),
        batch20_vs_copy_ratio: round(results.events_per_s_batch20! / copy, 3),
      };
    } finally {
      await handle.close();
    }
  },
};

function ensureBuild() {
  if (fs.existsSync(".next/BUILD_ID")) return;
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
}

let counter = 0;
function event(now: number) {
  counter++;
  return {
    id: sequentialUuidv7(now),
    name: "pageview",
    ts: now,
    url: `https://bench.test/page/${counter % 100}?utm_source=bench`,
    referrer: "https://www.google.com/",
    screen_width: 1440,
    language: "en-US",
  };
}

/**
 * Keep-alive sockets shared by every send. node:http rather than fetch: the
 * client shares the machine's two cores with the server, and fetch spent
 * about three times the CPU per request, capping what the bench could offer.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: PORT, path: "/api/collect", method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

let firstRefusalShown = false;

/** POST one batch; returns the latency and records the ids the collector accepted. */
async function send(size: number, accepted: Set<string>): Promise<{ ms: number; ok: boolean }> {
  const now = Date.now();
  const events = Array.from({ length: size }, () => event(now));
  const started = performance.now();
  let response: { status: number; body: string };
  try {
    response = await post(JSON.stringify({ site: KEY, sent_at: now, events }), {
      "content-type": "text/plain",
      "user-agent": USER_AGENT,
      "x-real-ip": `10.0.${counter % 250}.${counter % 200}`,
    });
  } catch {
    // An overloaded server that does not even accept the connection: a failed send, not a crash.
    return { ms: performance.now() - started, ok: false };
  }
  const ms = performance.now() - started;
  if (response.status !== 202) {
    // Say once what went wrong: a bench of refusals measures nothing.
    if (!firstRefusalShown) console.error(`first non-202 answer: ${response.status} ${response.body.slice(0, 300)}`);
    firstRefusalShown = true;
    return { ms, ok: false };
  }
  const body = JSON.parse(response.body) as { rejected?: { index: number }[] };
  const rejected = new Set((body.rejected ?? []).map((r) => r.index));
  events.forEach((e, index) => rejected.has(index) || accepted.add(e.id));
  return { ms, ok: true };
}

async function closedLoop(options: { events: number; perRequest: number; concurrency: number; accepted: Set<string> }) {
  const requests = Math.ceil(options.events / options.perRequest);
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < requests) {
        next++;
        const { ms, ok } = await send(options.perRequest, options.accepted);
        latencies.push(ms);
        if (!ok) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: (requests * options.perRequest) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

/**
 * Single events at a fixed arrival rate, whatever the answers' pace (an open
 * loop), so queueing shows in the latencies. Bounded in count and time.
 */
async function openLoop(options: { rps: number; seconds: number; accepted: Set<string> }) {
  const total = options.rps * options.seconds;
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(1, options.accepted).then(({ ms, ok }) => {
        latencies.push(ms);
        if (!ok) failed++;
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), achievedRps: total / seconds, failed };
}

/** The stored rows, loaded again by binary COPY into a fresh database of the same kind: events per second. */
async function copyBaseline(source: DatabaseHandle, siteId: string, work: string): Promise<number> {
  const rows = await source.db.select().from(schema.events).where(sql`site_id = ${siteId}`);
  const copyRows: SeedEvent[] = rows.map(({ seq: _seq, ...row }) => row);
  const target = await benchDatabaseTarget("inlet_bench_copy", work);
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    const started = performance.now();
    await copyEvents(handle.raw, copyRows);
    return copyRows.length / ((performance.now() - started) / 1000);
  } finally {
    await handle.close();
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
