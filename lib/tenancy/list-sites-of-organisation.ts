import "server-only";
import { asc, eq, getTableColumns } from "drizzle-orm";
import { getDb, type Database } from "@/lib/db";
import { memberships, sites } from "@/lib/db/schema";
import type { Site } from "./site";

/** Every site of every organisation the user belongs to, by name. */
export async function listSitesForUser(userId: string, db?: Database): Promise<Site[]> {
  const database = db ?? (await getDb());
  return database
    .select(getTableColumns(sites))
    .from(sites)
    .innerJoin(memberships, eq(memberships.organisationId, sites.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(sites.name), asc(sites.createdAt));
}
