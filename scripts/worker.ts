import { configuredOpenOptions, migrateDatabase, openDatabase } from "../lib/db";
import { LAKE_EXPORT_EVERY_MS, runLakeExportLoop } from "../lib/jobs/run-lake-export";
import { runProjectionLoop } from "../lib/jobs/run-projections";
import { lakeStore } from "../lib/lake/blob-stores";
import { projections, type ProjectionLag } from "../lib/projections";
import { prepareEnv } from "./prepare-env";

/**
 * `npm run worker`: keep every projection caught up with the log, and the
 * lake within about a minute of it (micro-batches, then merges of small
 * files), until SIGTERM or SIGINT, which stop it once the batch and the lake
 * work in flight have committed. Several workers may run at once: each
 * projection's batches take turns, and lake work claimed by one is skipped
 * by the others.
 */
Object.assign(process.env, prepareEnv().vars);
const handle = await openDatabase(configuredOpenOptions());
const controller = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) return;
    console.log(`[worker] ${signal}: stopping after the batch and the export in flight`);
    controller.abort();
  });
}
try {
  await migrateDatabase(handle);
  console.log(`[worker] projecting ${Object.keys(projections).join(", ")} on the ${handle.driver} database`);
  console.log(`[worker] writing the log to the ${lakeStore().kind} lake every ${LAKE_EXPORT_EVERY_MS / 1000} s`);
  // One loop failing stops the other too, before the database closes under it.
  const stopOnFailure = (error: unknown) => {
    controller.abort();
    throw error;
  };
  await Promise.all([
    runProjectionLoop(handle.db, Object.values(projections), { signal: controller.signal, onLag: logLag }).catch(stopOnFailure),
    runLakeExportLoop(handle.db, lakeStore(), { signal: controller.signal }).catch(stopOnFailure),
  ]);
} finally {
  await handle.close();
}
console.log("[worker] stopped");

function logLag(lag: ProjectionLag[]): void {
  const parts = lag.map(({ name, lagMs }) => `${name} ${lagMs === 0 ? "caught up" : `${(lagMs / 1000).toFixed(1)} s behind`}`);
  console.log(`[worker] lag: ${parts.join(", ")}`);
}
