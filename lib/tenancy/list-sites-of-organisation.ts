import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb, type Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import type { Site } from "./site";

/**
 * Every site of one organisation, by name. The caller has checked that the
 * user may read the organisation (lib/access).
 */
export async function listSitesOfOrganisation(organisationId: string, db?: Database): Promise<Site[]> {
  const database = db ?? (await getDb());
  return database.select().from(sites).where(eq(sites.organisationId, organisationId)).orderBy(asc(sites.name), asc(sites.createdAt));
}
