import "server-only";
import path from "node:path";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./open-database";

/** Apply the SQL migrations in drizzle/ that this database has not seen yet. */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = defaultMigrationsFolder()): Promise<void> {
  const config = { migrationsFolder };
  // Each migrator is typed for its own driver's database; the handle's driver says which it is.
  switch (handle.driver) {
    case "pglite":
      return migratePglite(handle.db as never, config);
    case "pg":
      return migratePg(handle.db as never, config);
    case "neon":
      return migrateNeon(handle.db as never, config);
  }
}

function defaultMigrationsFolder(): string {
  return path.join(process.cwd(), "drizzle");
}
