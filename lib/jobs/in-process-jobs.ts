import "server-only";
import { appDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { projectBatch, projections } from "@/lib/projections";

const IDLE_POLL_MS = 1_000;

const globalForJobs = globalThis as unknown as { inletJobs?: { stop(): void } };

/**
 * The embedded default's background jobs: keep every projection caught up
 * with the log, inside the app process. Production runs the same work from
 * cron routes or a worker instead (JOBS=external).
 */
export async function startInProcessJobs(): Promise<void> {
  if (env().JOBS !== "in-process" || globalForJobs.inletJobs) return;
  const { db } = await appDatabase(); // opens (and, embedded, migrates) before the first request
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    let advanced = 0;
    for (const projection of Object.values(projections)) {
      try {
        advanced += await projectBatch(db, projection);
      } catch (error) {
        console.error(`[jobs] projection ${projection.name} failed; retrying`, error);
      }
    }
    // A full batch means more is waiting: go again at once instead of idling.
    if (!stopped) timer = setTimeout(tick, advanced > 0 ? 0 : IDLE_POLL_MS);
  };
  timer = setTimeout(tick, 0);
  globalForJobs.inletJobs = {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
