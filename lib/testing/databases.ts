import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle, type OpenOptions } from "@/lib/db";

/**
 * The databases every integration test runs against: PGlite always, real
 * PostgreSQL when TEST_DATABASE_URL is set, and the Neon driver through a
 * websockify proxy when TEST_NEON_WS_PROXY is set too.
 */
export function testTargets(): { name: string; open: () => Promise<TestDatabase> }[] {
  // Tests are the one place besides lib/env.ts that reads process.env: these
  // variables configure the test run, not the app.
  const url = process.env.TEST_DATABASE_URL;
  const wsProxy = process.env.TEST_NEON_WS_PROXY;
  const targets = [{ name: "pglite", open: () => freshDatabase({ driver: "pglite" }) }];
  if (url) targets.push({ name: "postgres", open: () => freshDatabase({ driver: "pg", url }) });
  if (url && wsProxy) targets.push({ name: "neon", open: () => freshDatabase({ driver: "neon", url, wsProxy }) });
  return targets;
}

export interface TestDatabase extends DatabaseHandle {
  /** The connection string of the fresh database (server targets only). */
  url?: string;
}

/** A migrated, empty database of its own; dropped again on close. */
export async function freshDatabase(options: OpenOptions): Promise<TestDatabase> {
  if (options.driver === "pglite") {
    const handle = await openDatabase(options);
    await migrateDatabase(handle);
    return handle;
  }
  const name = `inlet_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: options.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(options.url, name);
  const handle = await openDatabase({ ...options, url });
  await migrateDatabase(handle);
  return {
    ...handle,
    url,
    close: async () => {
      // pool.end() resolves before its sockets have closed, and DROP ... WITH
      // (FORCE) kills what is left: heard by no one, the pool would throw that.
      if (handle.raw.driver !== "pglite") handle.raw.pool.on("error", () => {});
      await handle.close();
      const cleanup = new pg.Client({ connectionString: options.url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** `describe` once per test target, with a fresh database opened for the block. */
export function describeEachDatabase(title: string, body: (database: () => TestDatabase) => void): void {
  for (const target of testTargets()) {
    describe(`${title} [${target.name}]`, () => {
      let handle: TestDatabase | undefined;
      beforeAll(async () => {
        handle = await target.open();
      });
      afterAll(async () => {
        await handle?.close();
      });
      body(() => {
        if (!handle) throw new Error("database not open yet");
        return handle;
      });
    });
  }
}
