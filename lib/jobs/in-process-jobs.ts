import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { appDatabase, maintainReadModels, type Database } from "@/lib/db";
import { env } from "@/lib/env";
import { projections } from "@/lib/projections";
import { runProjectionLoop } from "./run-projections";

const globalForJobs = globalThis as unknown as { inletJobs?: { stop(): Promise<void> } };

/** How often the embedded database gets the vacuum and statistics a server's autovacuum would give it. */
const EMBEDDED_MAINTENANCE_MS = 10 * 60_000;

/**
 * The embedded default's background jobs: keep every projection caught up
 * with the log, inside the app process. Production runs the same loop as
 * `npm run worker`, or batches from the cron route (JOBS=external).
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
  running = driver === "pglite" ? Promise.all([loop, maintainPeriodically(db, controller.signal)]).then(() => undefined) : loop;
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

/** Stop the in-process jobs, if running, once the batch in flight has committed. */
export async function stopInProcessJobs(): Promise<void> {
  const jobs = globalForJobs.inletJobs;
  delete globalForJobs.inletJobs;
  await jobs?.stop();
}
