import "server-only";
import { eq } from "drizzle-orm";
import { recordAudit, type AuditEntry } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { events, quarantinedPayloads, sites } from "@/lib/db/schema";
import type { BlobStore } from "@/lib/lake/blob-store";
import { lakeStore } from "@/lib/lake/blob-stores";
import { clearSiteReadModels, projections } from "@/lib/projections";

export type DeleteSiteField = "confirmName";

export type DeleteSiteResult = { ok: true } | { ok: false; fieldErrors?: Partial<Record<DeleteSiteField, string[]>>; formError?: string };

/**
 * Delete a site and everything it holds, once `input.confirmName` is the
 * site's name as typed by the user. The caller has checked that `actor` may
 * delete it (owners only). One transaction removes the site's events, read
 * models and quarantined payloads, and the site itself, whose goals, funnels
 * and share links go with it (ON DELETE CASCADE), as do its lake manifest
 * rows; the audit log keeps its id and name. Then its lake files go.
 */
export async function deleteSite(
  db: Database,
  siteId: string,
  actor: AuditEntry["actor"],
  input: { confirmName: string },
  lake: BlobStore = lakeStore(),
): Promise<DeleteSiteResult> {
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
  if (result.ok) await deleteSiteLakeFiles(lake, siteId);
  return result;
}

/**
 * Every object under the site's prefix (`site=<id>/`), listed or not. After
 * the commit on purpose: blob storage cannot roll back, so a failed
 * transaction must not have removed files, and files left behind by a
 * failure here are unreachable once the site's manifest rows are gone.
 */
async function deleteSiteLakeFiles(lake: BlobStore, siteId: string): Promise<void> {
  for (const key of await lake.list(`site=${siteId}/`)) await lake.delete(key);
}
