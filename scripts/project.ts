import { parseArgs } from "node:util";
import { configuredOpenOptions, migrateDatabase, openDatabase } from "../lib/db";
import { catchUp, projections, rebuild } from "../lib/projections";
import { prepareEnv } from "./prepare-env";

/**
 * `npm run project [-- --rebuild <name>]`: catch every projection up, or
 * empty one read model and replay it from the log. Safe next to a running
 * worker or app: batches of one projection take turns.
 */
const { values } = parseArgs({ options: { rebuild: { type: "string" } } });
if (values.rebuild !== undefined && !projections[values.rebuild]) {
  console.error(`Unknown projection "${values.rebuild}". Known: ${Object.keys(projections).join(", ")}`);
  process.exit(2);
}
Object.assign(process.env, prepareEnv().vars);
const handle = await openDatabase(configuredOpenOptions());
try {
  await migrateDatabase(handle);
  for (const projection of Object.values(projections)) {
    if (values.rebuild && values.rebuild !== projection.name) continue;
    const started = performance.now();
    const applied = await (values.rebuild ? rebuild(handle.db, projection) : catchUp(handle.db, projection));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${values.rebuild ? "rebuilt" : "caught up"} ${projection.name}: ${applied.toLocaleString("en")} events in ${seconds} s`);
  }
} finally {
  await handle.close();
}
