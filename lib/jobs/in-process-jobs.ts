import "server-only";
import { appDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { projections } from "@/lib/projections";
import { runProjectionLoop } from "./run-projections";

const globalForJobs = globalThis as unknown as { inletJobs?: { stop(): Promise<void> } };

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
  const { db } = await appDatabase().catch((error: unknown) => {
    delete globalForJobs.inletJobs;
    throw error;
  });
  running = runProjectionLoop(db, Object.values(projections), { signal: controller.signal }).catch((error: unknown) => {
    console.error("[jobs] the projection loop stopped", error);
  });
}

/** Stop the in-process jobs, if running, once the batch in flight has committed. */
export async function stopInProcessJobs(): Promise<void> {
  const jobs = globalForJobs.inletJobs;
  delete globalForJobs.inletJobs;
  await jobs?.stop();
}
