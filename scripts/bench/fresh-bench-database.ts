import path from "node:path";
import pg from "pg";
import { migrateDatabase, openDatabase, schema, type DatabaseHandle } from "../../lib/db";
import type { AppDatabase } from "../../lib/testing/app-server";

/**
 * Where a suite's database lives: a new database `name` on the server
 * BENCH_DATABASE_URL points at (dropped first if a run left it), else a
 * PGlite directory `name` inside `work`.
 */
export async function benchDatabaseTarget(name: string, work: string): Promise<AppDatabase> {
  const url = process.env.BENCH_DATABASE_URL || undefined;
  if (!url) return { driver: "pglite", dataDir: path.join(work, name) };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return { driver: "pg", url: parsed.toString(), max: 20 };
}

/** A fresh, migrated database for a suite (see benchDatabaseTarget). */
export async function freshBenchDatabase(name: string, work: string): Promise<DatabaseHandle> {
  return openBenchDatabase(await benchDatabaseTarget(name, work));
}

/** Open and migrate `target` for a suite. */
export async function openBenchDatabase(target: AppDatabase): Promise<DatabaseHandle> {
  // A bench measures however long a query takes: the app's 15 s timeout would end the run instead.
  const handle = await openDatabase(target.driver === "pg" ? { ...target, queryTimeoutMillis: 3_600_000 } : target);
  await migrateDatabase(handle);
  return handle;
}

/** An organisation with one site for a suite's traffic. */
export async function createBenchSite(handle: DatabaseHandle, publicKey: string, timeZone: string): Promise<{ id: string; timeZone: string }> {
  const [org] = await handle.db.insert(schema.organisations).values({ name: "Bench" }).returning();
  const [site] = await handle.db.insert(schema.sites).values({ organisationId: org!.id, name: "Bench", publicKey, timeZone }).returning();
  return { id: site!.id, timeZone: site!.timeZone };
}
