import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { hashToken, newToken, type MemberCaller, type OrganisationAccess } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import { emailSchema } from "@/lib/auth/input-schemas";
import type { Database } from "@/lib/db";
import { invitations, memberships, organisations, roles, type Role } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { mayManageRole, withOrganisationLocked } from "./members";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export type InvitationField = "email" | "role";

const invitationInput = z.object({
  email: emailSchema,
  role: z.enum(roles, { message: `Choose a role: ${roles.join(", ")}` }),
});

export type CreateInvitationResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; fieldErrors: Partial<Record<InvitationField, string[]>> };

/**
 * Invite someone by link. The link's token is returned once, to be shown to
 * the inviter (there is no mail server in the embedded default); only its
 * hash is stored. Admins may invite admins and viewers, owners anyone.
 */
export async function createInvitation(db: Database, access: OrganisationAccess, input: unknown, now = new Date()): Promise<CreateInvitationResult> {
  const parsed = invitationInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<InvitationField>(parsed.error) };
  const { email, role } = parsed.data;
  if (!mayManageRole(access.role, role)) return { ok: false, fieldErrors: { role: ["Only owners can invite owners."] } };
  const token = newToken("invitation");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
  await db.transaction(async (tx) => {
    const [invitation] = await tx
      .insert(invitations)
      .values({ organisationId: access.organisationId, role, email, tokenHash: token.hash, invitedBy: access.caller.userId, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "member.invited",
      details: { invitationId: invitation!.id, email, role },
    });
  });
  return { ok: true, token: token.token, expiresAt };
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations not yet accepted, revoked or expired. */
export async function listPendingInvitations(db: Database, organisationId: string, now = new Date()): Promise<PendingInvitation[]> {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(db: Database, access: OrganisationAccess, invitationId: string): Promise<void> {
  if (!z.uuid().safeParse(invitationId).success) return;
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, access.organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ email: invitations.email, role: invitations.role });
    if (!revoked) return;
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "invitation.revoked",
      details: { invitationId, email: revoked.email, role: revoked.role },
    });
  });
}

/** What an invitation link shows before it is accepted; null when the link does not work (any reason). */
export async function findOpenInvitation(db: Database, token: string, now = new Date()) {
  const [invitation] = await db
    .select({ id: invitations.id, organisationId: invitations.organisationId, organisationName: organisations.name, role: invitations.role, email: invitations.email, expiresAt: invitations.expiresAt })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .limit(1);
  return invitation ?? null;
}

export type AcceptInvitationResult = { ok: true; organisationId: string } | { ok: false; error: string };

/**
 * The signed-in user joins with the invitation's role. A link works once. A
 * user who is already a member keeps their role (an invitation never demotes).
 */
export async function acceptInvitation(db: Database, caller: MemberCaller, token: string, now = new Date()): Promise<AcceptInvitationResult> {
  const invitation = await findOpenInvitation(db, token, now);
  if (!invitation) return { ok: false, error: "This invitation link does not work: it was used, revoked or has expired. Ask for a new one." };
  return withOrganisationLocked(db, invitation.organisationId, async (tx) => {
    // Claimed under the lock, so two people racing with one link cannot both join.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: caller.userId })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!claimed) return { ok: false, error: "This invitation link was just used." };
    const [joined] = await tx
      .insert(memberships)
      .values({ organisationId: invitation.organisationId, userId: caller.userId, role: invitation.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (joined) {
      await recordAudit(tx, {
        organisationId: invitation.organisationId,
        actor: caller,
        action: "member.joined",
        details: { userId: caller.userId, email: caller.email, role: invitation.role, invitationId: invitation.id },
      });
    }
    return { ok: true, organisationId: invitation.organisationId };
  });
}
