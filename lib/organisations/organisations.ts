import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { MemberCaller } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { memberships, organisations, type Role } from "@/lib/db/schema";

export interface OrganisationMembership {
  id: string;
  name: string;
  role: Role;
}

/** The organisations the user belongs to, oldest membership first (the first is their default). */
export async function listOrganisationsForUser(db: Database, userId: string): Promise<OrganisationMembership[]> {
  return db
    .select({ id: organisations.id, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organisations.name));
}

/**
 * The organisation the user works in: the one they picked (`chosenId`, from
 * the switcher's cookie) while they are still a member, else their first.
 * Null for a user who belongs to none (they left every organisation).
 */
export function pickOrganisation(all: OrganisationMembership[], chosenId: string | undefined): OrganisationMembership | null {
  return all.find((organisation) => organisation.id === chosenId) ?? all[0] ?? null;
}

export const organisationNameSchema = z.string().trim().min(1, "Enter a name").max(100, "Name must be at most 100 characters");

/** A new organisation owned by the caller. */
export async function createOrganisation(db: Database, caller: MemberCaller, name: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [organisation] = await tx.insert(organisations).values({ name }).returning({ id: organisations.id });
    await tx.insert(memberships).values({ organisationId: organisation!.id, userId: caller.userId, role: "owner" });
    await recordAudit(tx, { organisationId: organisation!.id, actor: caller, action: "organisation.created", details: { name } });
    return organisation!.id;
  });
}

export async function renameOrganisation(db: Database, caller: MemberCaller, organisationId: string, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ name: organisations.name }).from(organisations).where(and(eq(organisations.id, organisationId)));
    await tx.update(organisations).set({ name }).where(eq(organisations.id, organisationId));
    await recordAudit(tx, { organisationId, actor: caller, action: "organisation.renamed", details: { from: before?.name, to: name } });
  });
}
