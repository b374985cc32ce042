import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Database } from "@/lib/db";
import { memberships, sites, type Role } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { generatePublicKey } from "./generate-public-key";
import type { Site } from "./site";
import { siteInputSchema } from "./site-input";

export type SiteField = "name" | "domains" | "timeZone";

export type CreateSiteResult =
  | { ok: true; site: Site }
  | { ok: false; fieldErrors?: Partial<Record<SiteField, string[]>>; formError?: string };

/** Roles that may add sites to an organisation. */
const SITE_CREATORS: Role[] = ["owner", "admin"];

/**
 * Validate the "Create site" form and add the site to the user's
 * organisation: the oldest one in which they are an owner or admin (until
 * there is an organisation picker, that is the one they signed up with).
 */
export async function createSite(userId: string, input: unknown, db?: Database): Promise<CreateSiteResult> {
  const parsed = siteInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<SiteField>(parsed.error) };
  const database = db ?? (await getDb());
  const [membership] = await database
    .select({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), inArray(memberships.role, SITE_CREATORS)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) {
    return { ok: false, formError: "Only an organisation's owners and admins can create sites." };
  }
  const { name, domains, timeZone } = parsed.data;
  const [site] = await database
    .insert(sites)
    .values({ organisationId: membership.organisationId, name, allowedDomains: domains, timeZone, publicKey: generatePublicKey() })
    .returning();
  return { ok: true, site: site! };
}
