import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb, type Database } from "@/lib/db";
import { memberships, sites } from "@/lib/db/schema";
import type { Site } from "./site";

const siteIdSchema = z.uuid();

/**
 * The site, if the user is a member of its organisation. Anything else (no
 * such site, someone else's site, a malformed id) is the same 404, so the
 * answer never tells whether a site exists.
 */
export async function getSiteForUserOrThrow(userId: string, siteId: string, db?: Database): Promise<Site> {
  // A malformed id would make Postgres raise "invalid input syntax for type uuid", a 500.
  if (!siteIdSchema.safeParse(siteId).success) notFound();
  const database = db ?? (await getDb());
  const [site] = await database
    .select(getTableColumns(sites))
    .from(sites)
    .innerJoin(memberships, eq(memberships.organisationId, sites.organisationId))
    .where(and(eq(sites.id, siteId), eq(memberships.userId, userId)))
    .limit(1);
  if (!site) notFound();
  return site;
}
