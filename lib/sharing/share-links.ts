import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { actingMember, findShareLink, newToken, shareUnlockCookie, type SiteAccess } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db";
import { shareLinks } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";

export type ShareLinkField = "label" | "password";

const shareLinkInput = z.object({
  label: z.string().trim().min(1, "Name the link after who gets it").max(100, "Name must be at most 100 characters"),
  password: z
    .string()
    .max(256, "Password must be at most 256 characters")
    .refine((password) => password === "" || password.length >= 8, "A password must be at least 8 characters (or leave it empty)"),
});

export type CreateShareLinkResult = { ok: true; token: string } | { ok: false; fieldErrors: Partial<Record<ShareLinkField, string[]>> };

/** The path a share link opens. */
export const sharePath = (token: string) => `/share/${token}`;

/**
 * A read-only public link to the site's dashboard, optionally behind a
 * password. The token is returned once; only its hash is kept.
 */
export async function createShareLink(db: Database, access: SiteAccess, input: unknown): Promise<CreateShareLinkResult> {
  const parsed = shareLinkInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<ShareLinkField>(parsed.error) };
  const actor = actingMember(access);
  const token = newToken("shareLink");
  const passwordHash = parsed.data.password ? await hashPassword(parsed.data.password) : null;
  await db.transaction(async (tx) => {
    const [link] = await tx
      .insert(shareLinks)
      .values({ siteId: access.site.id, label: parsed.data.label, tokenHash: token.hash, prefix: token.displayPrefix, passwordHash, createdBy: actor.userId })
      .returning({ id: shareLinks.id });
    await recordAudit(tx, {
      organisationId: access.site.organisationId,
      actor,
      action: "share_link.created",
      details: { siteId: access.site.id, linkId: link!.id, label: parsed.data.label, password: passwordHash !== null },
    });
  });
  return { ok: true, token: token.token };
}

export interface ShareLinkSummary {
  id: string;
  label: string;
  prefix: string;
  hasPassword: boolean;
  createdAt: Date;
}

/** The site's links that still work, newest first. */
export async function listShareLinks(db: Database, siteId: string): Promise<ShareLinkSummary[]> {
  const rows = await db
    .select({ id: shareLinks.id, label: shareLinks.label, prefix: shareLinks.prefix, passwordHash: shareLinks.passwordHash, createdAt: shareLinks.createdAt })
    .from(shareLinks)
    .where(and(eq(shareLinks.siteId, siteId), isNull(shareLinks.revokedAt)))
    .orderBy(desc(shareLinks.createdAt));
  return rows.map(({ passwordHash, ...link }) => ({ ...link, hasPassword: passwordHash !== null }));
}

/** Revoke one of the site's links: it stops working at once. */
export async function revokeShareLink(db: Database, access: SiteAccess, linkId: string): Promise<void> {
  if (!z.uuid().safeParse(linkId).success) return;
  const actor = actingMember(access);
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(shareLinks)
      .set({ revokedAt: new Date() })
      .where(and(eq(shareLinks.id, linkId), eq(shareLinks.siteId, access.site.id), isNull(shareLinks.revokedAt)))
      .returning({ label: shareLinks.label });
    if (!revoked) return;
    await recordAudit(tx, {
      organisationId: access.site.organisationId,
      actor,
      action: "share_link.revoked",
      details: { siteId: access.site.id, linkId, label: revoked.label },
    });
  });
}

/** The cookie that unlocks a password-protected link in this browser, or null for a wrong password or a dead link. */
export async function unlockShareLink(db: Database, token: string, password: string) {
  const link = await findShareLink(db, token);
  if (!link?.passwordHash || password.length > 256) return null;
  if (!(await verifyPassword(link.passwordHash, password))) return null;
  return shareUnlockCookie({ id: link.id, passwordHash: link.passwordHash });
}
