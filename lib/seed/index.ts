import "server-only";
import { sql } from "drizzle-orm";
import { maintainReadModels, type DatabaseHandle } from "@/lib/db";
import { projections, rebuild } from "@/lib/projections";
import { copyEvents } from "./copy-events";
import { ensureDemoGoals } from "./demo-goals";
import { DEMO_CREDENTIALS, DEMO_SITE, ensureDemoSite } from "./ensure-demo-site";
import { assertTrafficOptions, generateTraffic, trafficRange } from "./generate-traffic";

export { DEMO_CREDENTIALS, DEMO_SITE, demoSiteHasEvents } from "./ensure-demo-site";
export { parseSeedArgs, SEED_DEFAULTS, SEED_USAGE, SeedArgsError, type SeedArgs } from "./parse-seed-args";

export interface SeedDemoOptions {
  /** A migrated database. */
  handle: DatabaseHandle;
  events: number;
  days: number;
  seed: number;
  /** Exclusive end of the range; defaults to now, floored to the minute. */
  end?: Date;
  onProgress?: (progress: SeedProgress) => void;
}

export type SeedProgress = { phase: "load"; loaded: number; total: number } | { phase: "project"; projection: string };

export interface SeedDemoResult {
  siteId: string;
  events: number;
  range: { start: Date; end: Date };
  loadMs: number;
  projectMs: number;
  credentials: typeof DEMO_CREDENTIALS;
}

/**
 * Fill the demo site with `events` events of generated traffic over the
 * `days` before `end`, replacing any it had (one transaction), then rebuild
 * every projection. The same seed and end give the same events.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const { handle, events, days, seed, onProgress } = options;
  const end = options.end ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  assertTrafficOptions({ siteId: "", events, days, end, seed, timeZone: DEMO_SITE.timeZone });
  const site = await ensureDemoSite(handle.db);
  await ensureDemoGoals(handle.db, site.siteId);

  const loadStarted = performance.now();
  const rows = generateTraffic({ siteId: site.siteId, events, days, end, seed, timeZone: site.timeZone });
  const { loaded, deleted } = await copyEvents(handle.raw, rows, {
    replaceSiteId: site.siteId,
    onProgress: (count) => onProgress?.({ phase: "load", loaded: count, total: events }),
  });
  // PGlite runs no autovacuum (and a server's may lag): without this a re-run
  // would leave the replaced rows' space unusable and the planner's numbers stale.
  await handle.db.execute(deleted > 0 ? sql`VACUUM (ANALYZE) events` : sql`ANALYZE events`);
  const loadMs = performance.now() - loadStarted;

  const projectStarted = performance.now();
  for (const projection of Object.values(projections)) {
    onProgress?.({ phase: "project", projection: projection.name });
    await rebuild(handle.db, projection);
  }
  await maintainReadModels(handle.db);
  return {
    siteId: site.siteId,
    events: loaded,
    range: trafficRange({ days, end }),
    loadMs,
    projectMs: performance.now() - projectStarted,
    credentials: DEMO_CREDENTIALS,
  };
}
