import "server-only";
import { eq } from "drizzle-orm";
import { recordAudit, type AuditEntry } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { events, quarantinedPayloads, sites } from "@/lib/db/schema";
import { clearSiteReadModels, projections } from "@/lib/projections";

export type DeleteSiteField = "confirmName";

export type DeleteSiteResult = { ok: true } | { ok: false; fieldErrors?: Partial<Record<DeleteSiteField, string[]>>; formError?: string };

/**
 * Delete a site and everything it holds, once `input.confirmName` is the
 * site's name as typed by the user. The caller has checked that `actor` may
 * delete it (owners only). One transaction removes the site's events, read
 * models and quarantined payloads, and the site itself, whose goals, funnels
 * and share links go with it (ON DELETE CASCADE); the audit log keeps its
 * id and name.
 */
export async function deleteSite(db: Database, siteId: string, actor: AuditEntry["actor"], input: { confirmName: string }): Promise<DeleteSiteResult> {
  const result = await db.transaction(async (tx): Promise<DeleteSiteResult> => {
    // Row locked first, checkpoints after, as updateSite does.
    const [site] = await tx.select().from(sites).where(eq(sites.id, siteId)).for("update");
    if (!site) return { ok: false, formError: "This site no longer exists." };
    if (input.confirmName.trim() !== site.name) {
      return { ok: false, fieldErrors: { confirmName: [`Type the site's name, ${site.name}, exactly as shown to confirm`] } };
    }
    // Under the projections' locks, so a batch in flight cannot write the site's rows back.
    await clearSiteReadModels(tx, siteId, Object.values(projections));
    // The log refuses UPDATE, not DELETE: removing a tenant's data is one of the two deletions it allows.
    await tx.delete(events).where(eq(events.siteId, siteId));
    await tx.delete(quarantinedPayloads).where(eq(quarantinedPayloads.siteId, siteId));
    await tx.delete(sites).where(eq(sites.id, siteId));
    await recordAudit(tx, { organisationId: site.organisationId, actor, action: "site.deleted", details: { siteId, name: site.name } });
    return { ok: true };
  });
  if (result.ok) await deleteSiteLakeFiles(siteId);
  return result;
}

/**
 * Where the site's Parquet files (`site=<id>/` in blob storage) will be
 * deleted once the lakehouse exists; until then there are none. After the
 * commit on purpose: blob storage cannot roll back, so a failed transaction
 * must not have removed files, and files left behind by a failure here are
 * unreachable once the site's manifest rows are gone with the transaction.
 */
async function deleteSiteLakeFiles(_siteId: string): Promise<void> {}
