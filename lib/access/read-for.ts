import "server-only";
import { getDb, withTenantScope, type Database } from "@/lib/db";
import type { SiteAccess } from "./authorize";

/**
 * Run `read` with the database as this access should see it: for a share
 * link or an API key, under row-level security limited to the site (the
 * second wall, lib/db/tenant-scope.ts); for a member, as the app (their
 * access was checked, and their dashboards keep the pool's parallelism).
 */
export async function readFor<T>(access: SiteAccess, read: (db: Database) => Promise<T>): Promise<T> {
  const db = await getDb();
  return access.caller.kind === "user" ? read(db) : withTenantScope(db, [access.site.id], read);
}
