import "server-only";
import { Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { CollectorBackend } from "@/edge/collector/collector-backend";
import { internalHttpBackend } from "@/edge/collector/internal-http-backend";
import { internalToken } from "@/lib/auth/internal-token";
import type { Database } from "@/lib/db/open-database";
import { configureNeon } from "@/lib/db/neon-config";
import * as schema from "@/lib/db/schema";
import { authSecretOrThrow, databaseDriver, env } from "@/lib/env";
import { databaseBackend } from "./database-backend";

let embedded: Promise<CollectorBackend> | undefined;

/**
 * Runs `work` with the backend this deployment's Edge collector writes
 * through: Neon straight from the edge in production, otherwise the app's
 * Node side (which owns the embedded or node-postgres database). Edge-safe.
 */
export async function withConfiguredBackend<T>(work: (backend: CollectorBackend) => Promise<T>): Promise<T> {
  const config = env();
  if (databaseDriver(config) === "neon") {
    configureNeon({ wsProxy: config.NEON_WS_PROXY });
    // Edge isolates must not share sockets across requests: one pool per request.
    const pool = new Pool({ connectionString: config.DATABASE_URL });
    try {
      return await work(databaseBackend(drizzle({ client: pool, schema }) as unknown as Database));
    } finally {
      await pool.end();
    }
  }
  embedded ??= internalToken(authSecretOrThrow(config)).then((token) =>
    internalHttpBackend({ baseUrl: config.INTERNAL_URL, token }),
  );
  return work(await embedded);
}
