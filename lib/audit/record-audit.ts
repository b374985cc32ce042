import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

/** Everything the audit log records: membership, key and site changes. */
export const AUDIT_ACTIONS = [
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
  "invitation.revoked",
  "api_key.created",
  "api_key.revoked",
  "site.created",
  "site.updated",
  "site.deleted",
  "share_link.created",
  "share_link.revoked",
  "organisation.created",
  "organisation.renamed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  organisationId: string;
  actor: { userId: string; email: string };
  action: AuditAction;
  /** What it was about: ids and names as they were, never secrets. */
  details: Record<string, unknown>;
}

/**
 * Append an entry. Pass the transaction that makes the change, so the change
 * and its record commit together or not at all.
 */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: entry.organisationId,
    actorId: entry.actor.userId,
    actorEmail: entry.actor.email,
    action: entry.action,
    details: entry.details,
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** The newest entries of an organisation, before entry `before` (an id) when paging back. */
export async function listAudit(db: Database, organisationId: string, options: { before?: number; limit?: number } = {}) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organisationId, organisationId), options.before === undefined ? undefined : lt(auditLog.id, options.before)))
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? AUDIT_PAGE_SIZE);
}
