import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { appDatabase, maintainReadModels, type Database } from "@/lib/db";
import { env } from "@/lib/env";
import { lakeStore } from "@/lib/lake/blob-stores";
import { projections } from "@/lib/projections";
import { runLakeExportLoop } from "./run-lake-export";
import { runProjectionLoop } from "./run-projections";

const globalForJobs = globalThis as unknown as { inletJobs?: { stop(): Promise<void> } };

/** How often the embedded database gets the vacuum and statistics a server's autovacuum would give it. */
const EMBEDDED_MAINTENANCE_MS = 10 * 60_000;

/**
 * The embedded default's background jobs, inside the app process: keep every
 * projection caught up with the log, and the lake within about a minute of
 * it (lib/jobs/run-lake-export.ts). Production runs
 * the same loops as `npm run worker`, or batches from the cron routes
 * (JOBS=external).
 */
export async function startInProcessJobs(): Promise<void> {
  if (env().JOBS !== "in-process" || globalForJobs.inletJobs) return;
  const controller = new AbortController();
  let running: Promise<void> = Promise.resolve();
  // Registered before the first await, so a second call cannot start a second loop.
  globalForJobs.inletJobs = {
    async stop() {
      controller.abort();
      await running;
    },
  };
  // Opens (and, embedded, migrates) before the first request.
  const { db, driver } = await appDatabase().catch((error: unknown) => {
    delete globalForJobs.inletJobs;
    throw error;
  });
  const loop = runProjectionLoop(db, Object.values(projections), { signal: controller.signal }).catch((error: unknown) => {
    console.error("[jobs] the projection loop stopped", error);
  });
  const lake = runLakeExportLoop(db, lakeStore(), { signal: controller.signal }).catch((error: unknown) => {
    console.error("[jobs] the lake export loop stopped", error);
  });
  const loops = [loop, lake];
  if (driver === "pglite") loops.push(maintainPeriodically(db, controller.signal));
  running = Promise.all(loops).then(() => undefined);
}

async function maintainPeriodically(db: Database, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await sleep(EMBEDDED_MAINTENANCE_MS, undefined, { signal });
    } catch {
      return; // aborted
    }
    await maintainReadModels(db).catch((error: unknown) => console.error("[jobs] vacuum/analyze of the embedded database failed", error));
  }
}

/** Stop the in-process jobs, if running, once the batch and the lake export in flight have committed. */
export async function stopInProcessJobs(): Promise<void> {
  const jobs = globalForJobs.inletJobs;
  delete globalForJobs.inletJobs;
  await jobs?.stop();
}
