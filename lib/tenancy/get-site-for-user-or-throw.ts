import "server-only";
import { and, eq, getTableColumns, inArray } from "drizzle-orm";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb, type Database } from "@/lib/db";
import { memberships, roles, sites, type Role } from "@/lib/db/schema";
import type { Site } from "./site";

const siteIdSchema = z.uuid();

/** A site together with the caller's role in its organisation. */
export type SiteForUser = Site & { role: Role };

/**
 * The site, if the user is a member of its organisation with one of `roles`
 * (any role by default). Anything else (no such site, someone else's site, a
 * role too weak, a malformed id) is the same 404, so the answer never tells
 * whether a site exists.
 */
export async function getSiteForUserOrThrow(
  userId: string,
  siteId: string,
  db?: Database,
  options: { roles?: readonly Role[] } = {},
): Promise<SiteForUser> {
  // A malformed id would make Postgres raise "invalid input syntax for type uuid", a 500.
  if (!siteIdSchema.safeParse(siteId).success) notFound();
  const allowed = options.roles ?? roles;
  if (allowed.length === 0) notFound();
  const database = db ?? (await getDb());
  const [site] = await database
    .select({ ...getTableColumns(sites), role: memberships.role })
    .from(sites)
    .innerJoin(memberships, eq(memberships.organisationId, sites.organisationId))
    .where(and(eq(sites.id, siteId), eq(memberships.userId, userId), inArray(memberships.role, [...allowed])))
    .limit(1);
  if (!site) notFound();
  return site;
}
