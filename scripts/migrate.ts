import { configuredOpenOptions, migrateDatabase, openDatabase } from "../lib/db";
import { prepareEnv } from "./prepare-env";

/** `npm run db:migrate`: apply drizzle/ migrations to the configured database. */
Object.assign(process.env, prepareEnv().vars);
const handle = await openDatabase(configuredOpenOptions());
try {
  await migrateDatabase(handle);
  console.log(`Migrated the ${handle.driver} database.`);
} finally {
  await handle.close();
}
