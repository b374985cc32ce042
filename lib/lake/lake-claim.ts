import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";

/**
 * Claims this process holds on an embedded database (see withLakeClaim).
 * On globalThis: Next.js bundles the in-process jobs (instrumentation) and
 * the cron route handler apart, each with its own copy of this module, and
 * a module-level set would let both claim the same work.
 */
const globalForClaims = globalThis as typeof globalThis & { inletLakeClaims?: Set<string> };
const claimedHere = (globalForClaims.inletLakeClaims ??= new Set<string>());

/**
 * Run `work` unless another runner holds the claim `name` ("busy" then), so
 * two runners do not do the same lake work (write the same files) at once.
 * The manifest transactions check their own preconditions, so a claim saves
 * work, it does not make anything correct. On a server the claim is a
 * transaction-scoped advisory lock held on a pooled connection of its own
 * while `work` runs on others; that transaction writes nothing, so it
 * holds back no projection and no micro-batch. An embedded database belongs
 * to one process (lib/db/pglite-lock.ts), and its one connection cannot wait
 * on itself, so there the claim is in memory.
 */
export async function withLakeClaim<T>(db: Database, name: string, work: () => Promise<T>): Promise<T | "busy"> {
  if ((db as { $client?: unknown }).$client instanceof PGlite) {
    if (claimedHere.has(name)) return "busy";
    claimedHere.add(name);
    try {
      return await work();
    } finally {
      claimedHere.delete(name);
    }
  }
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ claimed: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) AS claimed`);
    if (!lock?.claimed) return "busy" as const;
    return work();
  });
}
