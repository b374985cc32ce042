import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "./open-database";

/** The role row-level security binds (migration 0008): it reads site-keyed tables, only the scope's rows. */
export const TENANT_ROLE = "inlet_tenant";

/**
 * Run `read` in a read-only transaction as the tenant role, seeing only the
 * rows of `siteIds`: the database's wall behind lib/access, for queries made
 * for outside callers (share links, API keys). A query that forgot its
 * `site_id = …` condition still sees no other tenant's rows. SQL that could
 * say RESET ROLE would step out of it: user-written SQL must be checked to be
 * one read-only statement before it runs here.
 */
export async function withTenantScope<T>(db: Database, siteIds: readonly string[], read: (scoped: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION READ ONLY`);
    await tx.execute(sql.raw(`SET LOCAL ROLE ${TENANT_ROLE}`));
    await tx.execute(sql`SELECT set_config('inlet.site_ids', ${siteIds.join(",")}, true)`);
    return read(tx);
  });
}
