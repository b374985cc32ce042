import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool } from "@neondatabase/serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import { configureNeon } from "./neon-config";
import { acquirePgliteLock } from "./pglite-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, whichever driver serves it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "pg" | "neon";

/** What bulk loaders need: one raw connection that can run COPY ... FROM STDIN. */
export type RawClient =
  | { driver: "pglite"; client: PGlite }
  | { driver: "pg" | "neon"; pool: pg.Pool | NeonPool };

export interface DatabaseHandle {
  driver: Driver;
  db: Database;
  raw: RawClient;
  close(): Promise<void>;
}

export type OpenOptions =
  | { driver: "pglite"; dataDir?: string }
  | {
      driver: "pg";
      url: string;
      max?: number;
      /** How long a new connection may take before the attempt fails. */
      connectionTimeoutMillis?: number;
      /** How long a query may wait for its answer; a partition then fails fast instead of hanging. */
      queryTimeoutMillis?: number;
    }
  | { driver: "neon"; url: string; wsProxy?: string; max?: number };

/** Open a connection to the configured database. `dataDir` unset: in memory. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  switch (options.driver) {
    case "pglite": {
      let releaseLock = () => {};
      if (options.dataDir) {
        fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
        releaseLock = acquirePgliteLock(options.dataDir);
      }
      try {
        const client = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
        return {
          driver: "pglite",
          db: drizzlePglite({ client, schema }) as unknown as Database,
          raw: { driver: "pglite", client },
          close: async () => {
            await client.close();
            releaseLock();
          },
        };
      } catch (error) {
        releaseLock();
        throw error;
      }
    }
    case "pg": {
      const pool = new pg.Pool({
        connectionString: options.url,
        max: options.max ?? 10,
        connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
        // A timed-out query rejects, and pg's pool then destroys its client
        // instead of lending the dead connection out again.
        query_timeout: options.queryTimeoutMillis ?? 15_000,
        keepAlive: true,
      });
      survivePoolErrors(pool);
      return {
        driver: "pg",
        db: drizzlePg({ client: pool, schema }) as unknown as Database,
        raw: { driver: "pg", pool },
        close: () => pool.end(),
      };
    }
    case "neon": {
      configureNeon({ wsProxy: options.wsProxy, webSocket: ws as unknown as typeof WebSocket });
      const pool = new NeonPool({ connectionString: options.url, max: options.max ?? 10 });
      survivePoolErrors(pool);
      return {
        driver: "neon",
        db: drizzleNeon({ client: pool, schema }) as unknown as Database,
        raw: { driver: "neon", pool },
        close: () => pool.end(),
      };
    }
  }
}

/**
 * A connection that dies while idle in the pool (server restart, network
 * blip) is reported as an 'error' event: with no listener that event would
 * crash the process. The pool drops the dead client itself; queries running
 * on a client that dies fail on their own, so the client's event is only logged.
 */
function survivePoolErrors(pool: pg.Pool | NeonPool): void {
  const log = (error: Error) => console.error(`[db] connection lost: ${error.message}`);
  pool.on("error", log);
  pool.on("connect", (client: { on(event: "error", listener: (error: Error) => void): unknown }) => client.on("error", log));
}
