import "server-only";
import { eq } from "drizzle-orm";
import { recordAudit, type AuditEntry } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { forgetDayRollups } from "@/lib/lake/day-rollup-files";
import { projections, reprojectSite } from "@/lib/projections";
import type { Site } from "./site";
import { siteSettingsSchema } from "./site-input";

export type SiteSettingsField = "name" | "domains" | "timeZone" | "hotRetentionDays";

/** The settings a form can change, as stored. */
type Settings = Pick<Site, "name" | "allowedDomains" | "timeZone" | "hotRetentionDays">;

/** What a save changed, field by field: the value before and after. */
export type SiteChanges = { [Key in keyof Settings]?: { from: Settings[Key]; to: Settings[Key] } };

export type UpdateSiteResult =
  | { ok: true; site: Site; changes: SiteChanges }
  | { ok: false; fieldErrors?: Partial<Record<SiteSettingsField, string[]>>; formError?: string };

/**
 * Validate the settings form and save it. The caller has checked that
 * `actor` may edit the site (owners and admins). A new time zone re-projects
 * the site's read models under it in the same transaction (see
 * reprojectSite) and drops its lake's day rollups (forgetDayRollups), so its
 * dashboard never mixes days of two zones; the audit
 * log gets what changed, before and after, with the change.
 */
export async function updateSite(db: Database, siteId: string, actor: AuditEntry["actor"], input: unknown): Promise<UpdateSiteResult> {
  const parsed = siteSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<SiteSettingsField>(parsed.error) };
  const { name, domains, timeZone, hotRetentionDays } = parsed.data;
  const wanted: Settings = { name, allowedDomains: domains, timeZone, hotRetentionDays };
  return db.transaction(async (tx): Promise<UpdateSiteResult> => {
    // Row locked first, checkpoints after (as deleteSite does): two saves run one after the
    // other, each compared with, and audited against, what it replaces.
    const [current] = await tx.select().from(sites).where(eq(sites.id, siteId)).for("update");
    if (!current) return { ok: false, formError: "This site no longer exists." };
    const changes = changesBetween(current, wanted);
    if (Object.keys(changes).length === 0) return { ok: true, site: current, changes };
    const [site] = await tx.update(sites).set(wanted).where(eq(sites.id, siteId)).returning();
    if (changes.timeZone) {
      await reprojectSite(tx, siteId, Object.values(projections));
      await forgetDayRollups(tx, siteId);
    }
    await recordAudit(tx, {
      organisationId: site!.organisationId,
      actor,
      action: "site.updated",
      details: { siteId, name: site!.name, changes },
    });
    return { ok: true, site: site!, changes };
  });
}

function changesBetween(current: Settings, wanted: Settings): SiteChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(wanted) as (keyof Settings)[]) {
    // JSON compares the domain lists by value; the other fields are plain strings and numbers.
    if (JSON.stringify(current[key]) !== JSON.stringify(wanted[key])) changes[key] = { from: current[key], to: wanted[key] };
  }
  return changes as SiteChanges;
}
