import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { maintainReadModels } from "../../../lib/db";
import { projections, rebuild } from "../../../lib/projections";
import { parseDashboardParams } from "../../../lib/query/dashboard-url";
import { loadConversions } from "../../../lib/conversions/load-conversions";
import { loadDashboard } from "../../../lib/query/load-dashboard";
import { copyEvents } from "../../../lib/seed/copy-events";
import { ensureDemoGoals } from "../../../lib/seed/demo-goals";
import { generateTraffic } from "../../../lib/seed/generate-traffic";
import { createBenchSite, freshBenchDatabase } from "../fresh-bench-database";
import { percentile, type BenchSuite } from "../suite";

const TIME_ZONE = "Europe/Berlin";

/**
 * The dashboard's whole set of queries (KPIs and chart for the range and the
 * previous period, every breakdown panel, live visitors), as the page runs
 * them, for the last 30 days of a site whose hot window holds `events`
 * events: without a filter and with one. Apart: the demo's six goals and
 * four-step funnel (conversions_*). BENCH_DATABASE_URL selects real
 * Postgres; unset, embedded PGlite.
 */
export const query: BenchSuite = {
  name: "query",
  description: "dashboard query set for 30 days (KPIs + chart + all panels), with and without a filter",
  params: { events: 10_000_000, days: 30, runs: 20 },
  async run(params) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-bench-query-"));
    const handle = await freshBenchDatabase("inlet_bench_query", work);
    try {
      const events = Number(params.events);
      const now = new Date();
      const site = await createBenchSite(handle, "pk_bench_query", TIME_ZONE);
      let started = performance.now();
      await copyEvents(handle.raw, generateTraffic({ siteId: site.id, events, days: Number(params.days), end: now, seed: 42, timeZone: TIME_ZONE }));
      // As the seed does: without statistics the planner takes the fresh log for
      // empty and scans all of it for every batch (at 10M events, 10x slower).
      await handle.db.execute(sql`ANALYZE events`);
      const seedSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      for (const projection of Object.values(projections)) await rebuild(handle.db, projection);
      // What the seed and the app's jobs do after loading (PGlite has no autovacuum): without
      // statistics the planner takes the fresh tables for empty and nests loops over them.
      await maintainReadModels(handle.db);
      const projectSeconds = (performance.now() - started) / 1000;

      await ensureDemoGoals(handle.db, site.id);

      const measure = async (search: string, load: typeof loadDashboard | typeof loadConversions = loadDashboard) => {
        const state = parseDashboardParams(new URLSearchParams(search));
        const times: number[] = [];
        for (let run = 0; run < Number(params.runs); run++) {
          const t0 = performance.now();
          await load(site, state, { now, db: handle.db });
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b);
      };
      const plain = await measure("period=30d");
      const filtered = await measure("period=30d&f=country~is~US");
      const conversions = await measure("period=30d", loadConversions);
      return {
        seed_s: Math.round(seedSeconds),
        project_s: Math.round(projectSeconds),
        p50_ms: Math.round(percentile(plain, 50)),
        p95_ms: Math.round(percentile(plain, 95)),
        filtered_p50_ms: Math.round(percentile(filtered, 50)),
        filtered_p95_ms: Math.round(percentile(filtered, 95)),
        conversions_p50_ms: Math.round(percentile(conversions, 50)),
        conversions_p95_ms: Math.round(percentile(conversions, 95)),
      };
    } finally {
      await handle.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};
