import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { OrganisationAccess } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { memberships, organisations, users, type Role } from "@/lib/db/schema";

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** A change refused for a reason the user can act on. */
export type MembershipResult = { ok: true } | { ok: false; error: string };

export async function listMembers(db: Database, organisationId: string): Promise<Member[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(memberships.createdAt));
}

/**
 * Whether `actor` may give or take away `role`: owners may do anything,
 * admins may not make or unmake owners (else an admin could take over).
 */
export function mayManageRole(actor: Role, role: Role): boolean {
  return actor === "owner" || role !== "owner";
}

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Runs `change` with the organisation's row locked, so membership changes of
 * one organisation happen one at a time: two owners demoting each other at
 * once must not both see "another owner is left".
 */
export async function withOrganisationLocked<T>(db: Database, organisationId: string, change: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM ${organisations} WHERE ${organisations.id} = ${organisationId} FOR UPDATE`);
    return change(tx);
  });
}

async function membershipOf(tx: Transaction, organisationId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
  return row;
}

async function ownerCount(tx: Transaction, organisationId: string): Promise<number> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "owner")));
  return row!.count;
}

const LAST_OWNER = "An organisation needs at least one owner: make someone else an owner first.";

export async function changeMemberRole(db: Database, access: OrganisationAccess, userId: string, role: Role): Promise<MembershipResult> {
  return withOrganisationLocked(db, access.organisationId, async (tx) => {
    const member = await membershipOf(tx, access.organisationId, userId);
    if (!member) return { ok: false, error: "That person is not a member of this organisation." };
    if (member.role === role) return { ok: true };
    if (!mayManageRole(access.role, member.role) || !mayManageRole(access.role, role)) {
      return { ok: false, error: "Only owners can make someone an owner or change an owner's role." };
    }
    if (member.role === "owner" && (await ownerCount(tx, access.organisationId)) === 1) return { ok: false, error: LAST_OWNER };
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.organisationId, access.organisationId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "member.role_changed",
      details: { userId, email: member.email, from: member.role, to: role },
    });
    return { ok: true };
  });
}

/** Remove another member (use leaveOrganisation for oneself). */
export async function removeMember(db: Database, access: OrganisationAccess, userId: string): Promise<MembershipResult> {
  if (userId === access.caller.userId) return leaveOrganisation(db, access);
  return withOrganisationLocked(db, access.organisationId, async (tx) => {
    const member = await membershipOf(tx, access.organisationId, userId);
    if (!member) return { ok: false, error: "That person is not a member of this organisation." };
    if (!mayManageRole(access.role, member.role)) return { ok: false, error: "Only owners can remove an owner." };
    if (member.role === "owner" && (await ownerCount(tx, access.organisationId)) === 1) return { ok: false, error: LAST_OWNER };
    await tx.delete(memberships).where(and(eq(memberships.organisationId, access.organisationId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "member.removed",
      details: { userId, email: member.email, role: member.role },
    });
    return { ok: true };
  });
}

/** The caller leaves the organisation; its last owner cannot. */
export async function leaveOrganisation(db: Database, access: OrganisationAccess): Promise<MembershipResult> {
  return withOrganisationLocked(db, access.organisationId, async (tx) => {
    const member = await membershipOf(tx, access.organisationId, access.caller.userId);
    if (!member) return { ok: true };
    if (member.role === "owner" && (await ownerCount(tx, access.organisationId)) === 1) return { ok: false, error: LAST_OWNER };
    await tx
      .delete(memberships)
      .where(and(eq(memberships.organisationId, access.organisationId), eq(memberships.userId, access.caller.userId)));
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "member.left",
      details: { userId: access.caller.userId, email: member.email, role: member.role },
    });
    return { ok: true };
  });
}
