import "server-only";
import type { OrganisationAccess } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import { getDb, type Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { generatePublicKey } from "./generate-public-key";
import type { Site } from "./site";
import { siteInputSchema } from "./site-input";

export type SiteField = "name" | "domains" | "timeZone";

export type CreateSiteResult =
  | { ok: true; site: Site }
  | { ok: false; fieldErrors?: Partial<Record<SiteField, string[]>>; formError?: string };

/**
 * Validate the "Create site" form and add the site to the organisation the
 * caller may create sites in (lib/access checked "organisation:create-site").
 * The audit log records who created it.
 */
export async function createSite(access: OrganisationAccess, input: unknown, db?: Database): Promise<CreateSiteResult> {
  const parsed = siteInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<SiteField>(parsed.error) };
  const database = db ?? (await getDb());
  const { name, domains, timeZone } = parsed.data;
  const site = await database.transaction(async (tx) => {
    const [created] = await tx
      .insert(sites)
      .values({ organisationId: access.organisationId, name, allowedDomains: domains, timeZone, publicKey: generatePublicKey() })
      .returning();
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "site.created",
      details: { siteId: created!.id, name, allowedDomains: domains, timeZone },
    });
    return created!;
  });
  return { ok: true, site };
}
