import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { queryRows, schema } from "../../../lib/db";
import { hashPassword } from "../../../lib/auth/password";
import { createUserWithOrganisation } from "../../../lib/auth/register-user";
import { LAKE_CHECKPOINT } from "../../../lib/lake/lake-checkpoint";
import { LocalBlobStore } from "../../../lib/lake/local-blob-store";
import { runLakeStep } from "../../../lib/lake/run-lake-step";
import { sessionsProjection } from "../../../lib/projections/sessions";
import { copyEvents } from "../../../lib/seed/copy-events";
import { generateTraffic } from "../../../lib/seed/generate-traffic";
import { startAppServer } from "../../../lib/testing/app-server";
import { benchDatabaseTarget, openBenchDatabase } from "../fresh-bench-database";
import type { BenchSuite } from "../suite";
import { chromiumExecutable, measureInBrowser, type BrowserQueries } from "./lake-browser";

const TIME_ZONE = "Europe/Berlin";
const PORT = 3190;
const EMAIL = "bench-lake@example.test";
const PASSWORD = "bench lake password";

/**
 * The four 12-month questions, as SQL over the raw events, once for
 * Postgres (the log) and once for DuckDB (the browser's `events` view of the
 * lake, lib/lake/sql/views.ts). Both sides must give the same answers: the
 * suite checks that before it reports a time.
 */
const QUERIES: { name: string; postgres: string; duckdb: string }[] = [
  {
    name: "kpis",
    postgres: `WITH e AS (SELECT visitor_id, ts, seq, name, CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w > interval '30 minutes' THEN 1 ELSE 0 END AS starts
                          FROM events WHERE site_id = $1 WINDOW w AS (PARTITION BY visitor_id ORDER BY ts, seq)),
                    s AS (SELECT visitor_id, sum(starts) OVER (PARTITION BY visitor_id ORDER BY ts, seq) AS n, ts, name FROM e),
                    visits AS (SELECT count(*) AS events, floor(extract(epoch FROM max(ts) - min(ts)))::bigint AS duration FROM s GROUP BY visitor_id, n)
               SELECT (SELECT count(DISTINCT visitor_id) FROM events WHERE site_id = $1) AS visitors,
                      (SELECT count(*) FROM events WHERE site_id = $1 AND name = 'pageview') AS pageviews,
                      count(*) AS visits, count(*) FILTER (WHERE events = 1) AS bounces, sum(duration) AS duration
               FROM visits`,
    duckdb: `WITH e AS (SELECT visitor_id, ts, seq, name, CASE WHEN lag(ts) OVER w IS NULL OR epoch_ms(ts) - epoch_ms(lag(ts) OVER w) > 1800000 THEN 1 ELSE 0 END AS starts
                        FROM events WINDOW w AS (PARTITION BY visitor_id ORDER BY ts, seq)),
                  s AS (SELECT visitor_id, sum(starts) OVER (PARTITION BY visitor_id ORDER BY ts, seq) AS n, ts, name FROM e),
                  visits AS (SELECT count(*) AS events, CAST(floor((epoch_ms(max(ts)) - epoch_ms(min(ts))) / 1000) AS BIGINT) AS duration FROM s GROUP BY visitor_id, n)
             SELECT (SELECT count(DISTINCT visitor_id) FROM events) AS visitors,
                    (SELECT count(*) FROM events WHERE name = 'pageview') AS pageviews,
                    count(*) AS visits, count(*) FILTER (WHERE events = 1) AS bounces, sum(duration) AS duration
             FROM visits`,
  },
  {
    name: "top_pages",
    postgres: `SELECT path, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews FROM events
               WHERE site_id = $1 AND name = 'pageview' GROUP BY path ORDER BY visitors DESC, path LIMIT 10`,
    duckdb: `SELECT path, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews FROM events
             WHERE name = 'pageview' GROUP BY path ORDER BY visitors DESC, path LIMIT 10`,
  },
  {
    name: "visitors_by_month",
    postgres: `SELECT to_char(date_trunc('month', ts AT TIME ZONE '${TIME_ZONE}'), 'YYYY-MM') AS month, count(DISTINCT visitor_id) AS visitors
               FROM events WHERE site_id = $1 GROUP BY 1 ORDER BY 1`,
    duckdb: `SELECT strftime(date_trunc('month', local_ts), '%Y-%m') AS month, count(DISTINCT visitor_id) AS visitors FROM events GROUP BY 1 ORDER BY 1`,
  },
  {
    // Visitors who viewed the home page, then pricing, then signed up (each step after the one before).
    name: "funnel",
    postgres: `WITH home AS (SELECT visitor_id, min(ts) AS ts FROM events WHERE site_id = $1 AND name = 'pageview' AND path = '/' GROUP BY 1),
                    pricing AS (SELECT e.visitor_id, min(e.ts) AS ts FROM events e JOIN home h USING (visitor_id)
                                WHERE e.site_id = $1 AND e.name = 'pageview' AND e.path = '/pricing' AND e.ts > h.ts GROUP BY 1),
                    signup AS (SELECT e.visitor_id FROM events e JOIN pricing p USING (visitor_id)
                               WHERE e.site_id = $1 AND e.name = 'signup' AND e.ts > p.ts GROUP BY 1)
               SELECT (SELECT count(*) FROM home) AS step1, (SELECT count(*) FROM pricing) AS step2, (SELECT count(*) FROM signup) AS step3`,
    duckdb: `WITH home AS (SELECT visitor_id, min(ts) AS ts FROM events WHERE name = 'pageview' AND path = '/' GROUP BY 1),
                  pricing AS (SELECT e.visitor_id, min(e.ts) AS ts FROM events e JOIN home h USING (visitor_id)
                              WHERE e.name = 'pageview' AND e.path = '/pricing' AND e.ts > h.ts GROUP BY 1),
                  signup AS (SELECT e.visitor_id FROM events e JOIN pricing p USING (visitor_id)
                             WHERE e.name = 'signup' AND e.ts > p.ts GROUP BY 1)
             SELECT (SELECT count(*) FROM home) AS step1, (SELECT count(*) FROM pricing) AS step2, (SELECT count(*) FROM signup) AS step3`,
  },
];

/** Rows as comparable text: numbers as numbers whatever their type (bigint, numeric text). */
function normalised(rows: Record<string, unknown>[]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value !== null && value !== "" && !Number.isNaN(Number(value)) ? Number(value) : value]))));
}

/**
 * A year of history in the lake, analysed in the browser: seeds `events`
 * events over `days` days of one site (Postgres: BENCH_DATABASE_URL, else
 * PGlite), exports them the way the app does (micro-batches, then
 * compaction into daily and monthly files) into a local blob folder, then
 * starts the production build on that data and, in headless Chromium,
 * opens the site's lake with DuckDB-WASM and times four 12-month queries.
 * The same queries run on Postgres over the raw log for `wasm_vs_postgres`
 * (the browser's time over Postgres's, each the median of `runs`). Last,
 * the 12-month dashboard (day rollups and events, every panel) is timed
 * from navigation to done, cold and warm, then by month, then with a
 * country filter (every event of the year instead of the rollups).
 */
export const lake: BenchSuite = {
  name: "lake",
  description: "Parquet lake: bytes/event, export rate, DuckDB-WASM load and 12-month queries in Chromium vs Postgres",
  params: { events: 10_000_000, days: 365, runs: 3 },
  async run(params) {
    chromiumExecutable();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-bench-lake-"));
    const dataDir = path.join(work, "data");
    fs.mkdirSync(dataDir);
    // The app server opens the same database later: PGlite where the app looks for it (DATA_DIR/pglite).
    const target = process.env.BENCH_DATABASE_URL ? await benchDatabaseTarget("inlet_bench_lake", work) : ({ driver: "pglite", dataDir: path.join(dataDir, "pglite") } as const);
    const handle = await openBenchDatabase(target);
    const metrics: Record<string, number> = {};
    try {
      const events = Number(params.events);
      const runs = Number(params.runs);
      const now = new Date();
      const passwordHash = await hashPassword(PASSWORD);
      const account = await createUserWithOrganisation(handle.db, { email: EMAIL, name: "Bench", passwordHash });
      if (!account.ok) throw new Error("could not create the bench user");
      // Hot for ten years: the export must not retire the log's rows, which are Postgres's side of the comparison.
      const [site] = await handle.db
        .insert(schema.sites)
        .values({ organisationId: account.organisationId, name: "Bench lake", publicKey: "pk_bench_lake", timeZone: TIME_ZONE, hotRetentionDays: 3650 })
        .returning();
      const siteId = site!.id;

      let started = performance.now();
      await copyEvents(handle.raw, generateTraffic({ siteId, events, days: Number(params.days), end: now, seed: 42, timeZone: TIME_ZONE }));
      await handle.db.execute(sql`ANALYZE events`);
      metrics.seed_s = Math.round((performance.now() - started) / 1000);

      // The app's own store reads <DATA_DIR>/lake; signing is the server's business, not the export's.
      const store = new LocalBlobStore(path.join(dataDir, "lake"), () => "bench-export-does-not-sign");
      started = performance.now();
      let microRows = 0;
      let microSeconds = 0;
      for (;;) {
        const step = await runLakeStep(handle.db, store, { now, budgetMs: 60_000 });
        microRows += step.rows;
        if (step.rows === 0 && step.compaction.compacted.length === 0 && step.compaction.remaining === 0 && !step.outOfTime) break;
        if (microRows >= events && microSeconds === 0) microSeconds = (performance.now() - started) / 1000;
      }
      const exportSeconds = (performance.now() - started) / 1000;
      if (microRows !== events) throw new Error(`the lake took ${microRows} events of ${events}`);
      const [files] = await queryRows<{ files: number; bytes: string; rows: string }>(
        handle.db,
        sql`SELECT count(*)::int AS files, sum(bytes)::text AS bytes, sum(rows)::text AS rows FROM ${schema.lakeFiles} WHERE ${eq(schema.lakeFiles.siteId, siteId)}`,
      );
      if (Number(files!.rows) !== events) throw new Error(`the manifest lists ${files!.rows} events of ${events}`);
      metrics.export_events_per_s = Math.round(events / exportSeconds);
      metrics.export_s = Math.round(exportSeconds);
      metrics.lake_files = files!.files;
      metrics.bytes_per_event = Math.round((Number(files!.bytes) / events) * 100) / 100;
      // The listing lets day rollups answer only once the sessions projection has read the log as far
      // as the lake (it finds visitors over two days). The generator hashes the local day into each
      // visitor id, as the collector does, so there are none to find: the projection's checkpoint is
      // set to the lake's rather than projecting 10M events (12 minutes) for an empty answer.
      await handle.db.execute(sql`
        INSERT INTO projection_checkpoints (name, last_tx, last_seq)
        SELECT ${sessionsProjection.name}, last_tx, last_seq FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}
        ON CONFLICT (name) DO UPDATE SET last_tx = excluded.last_tx, last_seq = excluded.last_seq`);

      // Postgres over the raw log: the reference answers and times.
      const reference: Record<string, string> = {};
      for (const query of QUERIES) {
        const times: number[] = [];
        for (let run = 0; run < runs; run++) {
          const t0 = performance.now();
          // The site id is ours (a UUID from the insert above), safe to inline.
          const rows = await queryRows<Record<string, unknown>>(handle.db, sql.raw(query.postgres.replaceAll("$1", `'${siteId}'::uuid`)));
          times.push(performance.now() - t0);
          reference[query.name] = normalised(rows);
        }
        metrics[`postgres_q_${query.name}_ms`] = Math.round(median(times));
      }
      // The dashboard below reads the lake only beyond the hot window: from here on, a month is hot.
      // (The log keeps its rows: no lake step runs any more.)
      await handle.db.update(schema.sites).set({ hotRetentionDays: 30 }).where(eq(schema.sites.id, siteId));
      await handle.close();

      // No in-process jobs: a projection of 10M events would share the two cores with the browser.
      const server = await startAppServer({ port: PORT, dataDir, database: target, env: { JOBS: "external" } });
      try {
        const queries: BrowserQueries = QUERIES.map((query) => ({ name: query.name, sql: query.duckdb }));
        const measured = await measureInBrowser({ baseUrl: server.url, email: EMAIL, password: PASSWORD, siteId, queries, runs });
        metrics.wasm_load_ms = Math.round(measured.loadMs);
        metrics.wasm_fetched_bytes = measured.fetchedBytes;
        let ratios = 0;
        let answered = 0;
        for (const query of QUERIES) {
          const failure = measured.failed[query.name];
          if (failure !== undefined) {
            // A query too slow for the page (at 10M events) is a finding, not the end of the run: -1, and why.
            console.warn(`${query.name} did not finish in the browser: ${failure}`);
            metrics[`wasm_q_${query.name}_ms`] = -1;
            continue;
          }
          answered++;
          const answer = normalised(measured.answers[query.name]!);
          if (answer !== reference[query.name]) throw new Error(`${query.name}: the browser answered ${answer}, Postgres ${reference[query.name]}`);
          const ms = measured.medianMs[query.name]!;
          metrics[`wasm_q_${query.name}_ms`] = Math.round(ms);
          ratios += ms / metrics[`postgres_q_${query.name}_ms`]!;
        }
        metrics.wasm_vs_postgres = answered === 0 ? -1 : Math.round((ratios / answered) * 100) / 100;
        metrics.wasm_dashboard_12mo_cold_ms = measured.dashboardColdMs;
        metrics.wasm_dashboard_12mo_ms = measured.dashboardWarmMs;
        metrics.dashboard_rolled_days = measured.dashboardRolledDays;
        metrics.wasm_dashboard_12mo_by_month_click_ms = measured.dashboardIntervalMs;
        metrics.wasm_dashboard_12mo_filtered_ms = measured.dashboardFilteredMs;
        metrics.wasm_code_cache_bytes = measured.wasmCodeCacheBytes;
        // Where the warm dashboard's time goes, from navigation start (see DashboardSteps).
        const { listingRequest, ...steps } = measured.dashboardSteps;
        metrics.wasm_dashboard_12mo_listing_request_ms = listingRequest;
        for (const [step, ms] of Object.entries(steps)) metrics[`wasm_dashboard_12mo_${step}_at_ms`] = ms;
        const { listingRequest: _request, html: _html, ...filteredSteps } = measured.dashboardFilteredSteps;
        for (const [step, ms] of Object.entries(filteredSteps)) metrics[`wasm_dashboard_12mo_filtered_${step}_at_ms`] = ms;
      } finally {
        await server.stop();
      }
      return metrics;
    } finally {
      await handle.close().catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
