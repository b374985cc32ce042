import "server-only";
import path from "node:path";
import { databaseDriver, env } from "@/lib/env";
import { migrateDatabase } from "./migrate";
import { openDatabase, type DatabaseHandle, type OpenOptions } from "./open-database";

/** The open options this environment asks for. */
export function configuredOpenOptions(): OpenOptions {
  const config = env();
  const driver = databaseDriver(config);
  if (driver === "pglite") return { driver, dataDir: path.join(config.DATA_DIR, "pglite") };
  const url = config.DATABASE_URL!; // env() guarantees it for pg and neon
  return driver === "neon" ? { driver, url, wsProxy: config.NEON_WS_PROXY } : { driver, url };
}

// Cached on globalThis so dev-mode module reloads reuse one connection (and,
// for PGlite, one process-wide lock on the data directory).
const globalForDb = globalThis as unknown as { inletDatabase?: Promise<DatabaseHandle> };

/**
 * The app's database, opened on first use. The embedded default migrates
 * itself; other databases are migrated by `npm run db:migrate`.
 */
export function appDatabase(): Promise<DatabaseHandle> {
  globalForDb.inletDatabase ??= (async () => {
    const handle = await openDatabase(configuredOpenOptions());
    if (handle.driver === "pglite") await migrateDatabase(handle);
    return handle;
  })();
  return globalForDb.inletDatabase;
}

/**
 * Close the app's database and forget it, so the next getDb() opens afresh
 * (tests that run the app's handlers against one database after another).
 */
export async function closeAppDatabase(): Promise<void> {
  const open = globalForDb.inletDatabase;
  globalForDb.inletDatabase = undefined;
  if (open) await (await open).close();
}

/** The drizzle database of the app. */
export async function getDb() {
  return (await appDatabase()).db;
}
