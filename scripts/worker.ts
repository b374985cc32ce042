import { configuredOpenOptions, migrateDatabase, openDatabase } from "../lib/db";
import { runProjectionLoop } from "../lib/jobs/run-projections";
import { projections, type ProjectionLag } from "../lib/projections";
import { prepareEnv } from "./prepare-env";

/**
 * `npm run worker`: keep every projection caught up with the log until
 * SIGTERM or SIGINT, which stop it once the batch in flight has committed.
 * Several workers may run at once: each projection's batches take turns.
 */
Object.assign(process.env, prepareEnv().vars);
const handle = await openDatabase(configuredOpenOptions());
const controller = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) return;
    console.log(`[worker] ${signal}: stopping after the batch in flight`);
    controller.abort();
  });
}
try {
  await migrateDatabase(handle);
  console.log(`[worker] projecting ${Object.keys(projections).join(", ")} on the ${handle.driver} database`);
  await runProjectionLoop(handle.db, Object.values(projections), { signal: controller.signal, onLag: logLag });
} finally {
  await handle.close();
}
console.log("[worker] stopped");

function logLag(lag: ProjectionLag[]): void {
  const parts = lag.map(({ name, lagMs }) => `${name} ${lagMs === 0 ? "caught up" : `${(lagMs / 1000).toFixed(1)} s behind`}`);
  console.log(`[worker] lag: ${parts.join(", ")}`);
}
