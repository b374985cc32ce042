import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { apiKeyCaller, type OrganisationAccess } from "@/lib/access";
import { listAudit } from "@/lib/audit";
import { schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { acceptInvitation, createInvitation, findOpenInvitation, listPendingInvitations, revokeInvitation } from "./invitations";
import { changeMemberRole, leaveOrganisation, listMembers, removeMember } from "./members";
import { createOrganisation, listOrganisationsForUser, pickOrganisation } from "./organisations";

let counter = 0;

async function newUser(db: Database) {
  counter += 1;
  const email = `member${counter}@example.com`;
  const [user] = await db.insert(schema.users).values({ email, name: `Member ${counter}`, passwordHash: "x" }).returning();
  return { kind: "user" as const, userId: user!.id, email };
}

/** An organisation owned by a fresh user, and a helper to add members with a role. */
async function organisation(db: Database) {
  const owner = await newUser(db);
  const organisationId = await createOrganisation(db, owner, "Acme");
  const access = (caller: Awaited<ReturnType<typeof newUser>>, role: schema.Role): OrganisationAccess => ({ caller, organisationId, role });
  const add = async (role: schema.Role) => {
    const user = await newUser(db);
    await db.insert(schema.memberships).values({ organisationId, userId: user.userId, role });
    return user;
  };
  return { organisationId, owner, ownerAccess: access(owner, "owner"), access, add };
}

const roleOf = async (db: Database, organisationId: string, userId: string) =>
  (await listMembers(db, organisationId)).find((member) => member.userId === userId)?.role;

describeEachDatabase("members", (database) => {
  it("keeps at least one owner, whatever is asked", async () => {
    const { db } = database();
    const org = await organisation(db);
    expect(await leaveOrganisation(db, org.ownerAccess)).toMatchObject({ ok: false, error: expect.stringContaining("at least one owner") });
    expect(await changeMemberRole(db, org.ownerAccess, org.owner.userId, "admin")).toMatchObject({ ok: false });
    expect(await roleOf(db, org.organisationId, org.owner.userId)).toBe("owner");

    const second = await org.add("admin");
    expect(await changeMemberRole(db, org.ownerAccess, second.userId, "owner")).toEqual({ ok: true });
    // Now two owners: one may step down, and then the other is the last again.
    expect(await changeMemberRole(db, org.ownerAccess, org.owner.userId, "viewer")).toEqual({ ok: true });
    expect(await removeMember(db, org.access(second, "owner"), second.userId)).toMatchObject({ ok: false });
  });

  it("lets admins manage admins and viewers but never owners", async () => {
    const { db } = database();
    const org = await organisation(db);
    const admin = await org.add("admin");
    const viewer = await org.add("viewer");
    const asAdmin = org.access(admin, "admin");
    expect(await changeMemberRole(db, asAdmin, viewer.userId, "admin")).toEqual({ ok: true });
    expect(await changeMemberRole(db, asAdmin, viewer.userId, "owner")).toMatchObject({ ok: false });
    expect(await changeMemberRole(db, asAdmin, org.owner.userId, "viewer")).toMatchObject({ ok: false });
    expect(await removeMember(db, asAdmin, org.owner.userId)).toMatchObject({ ok: false });
    expect(await removeMember(db, asAdmin, viewer.userId)).toEqual({ ok: true });
    expect(await roleOf(db, org.organisationId, viewer.userId)).toBeUndefined();
    expect(await roleOf(db, org.organisationId, org.owner.userId)).toBe("owner");
  });

  it("lets only one of two owners demoting each other at the same moment succeed", async () => {
    const { db } = database();
    const org = await organisation(db);
    const other = await org.add("owner");
    const results = await Promise.all([
      changeMemberRole(db, org.ownerAccess, other.userId, "viewer"),
      changeMemberRole(db, org.access(other, "owner"), org.owner.userId, "viewer"),
    ]);
    const owners = (await listMembers(db, org.organisationId)).filter((member) => member.role === "owner");
    expect(owners).toHaveLength(1);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("records every change in the audit log, newest first", async () => {
    const { db } = database();
    const org = await organisation(db);
    const viewer = await org.add("viewer");
    await changeMemberRole(db, org.ownerAccess, viewer.userId, "admin");
    await removeMember(db, org.ownerAccess, viewer.userId);
    const entries = await listAudit(db, org.organisationId);
    expect(entries.map((entry) => entry.action)).toEqual(["member.removed", "member.role_changed", "organisation.created"]);
    expect(entries[1]).toMatchObject({ actorEmail: org.owner.email, details: { userId: viewer.userId, from: "viewer", to: "admin" } });
    await expect(db.update(schema.auditLog).set({ action: "forged" })).rejects.toMatchObject({ cause: { message: expect.stringContaining("append-only") } });
    // Deleting a user keeps their entries, by email.
    await db.delete(schema.users).where(eq(schema.users.id, org.owner.userId));
    expect((await listAudit(db, org.organisationId))[1]).toMatchObject({ actorId: null, actorEmail: org.owner.email });
  });

  it("lists a user's organisations and picks the chosen one only while they are a member", async () => {
    const { db } = database();
    const a = await organisation(db);
    const b = await organisation(db);
    await db.insert(schema.memberships).values({ organisationId: b.organisationId, userId: a.owner.userId, role: "viewer" });
    const all = await listOrganisationsForUser(db, a.owner.userId);
    expect(all.map((organisation) => organisation.role)).toEqual(["owner", "viewer"]);
    expect(pickOrganisation(all, b.organisationId)?.id).toBe(b.organisationId);
    expect(pickOrganisation(all, "someone-else's")?.id).toBe(a.organisationId);
    expect(pickOrganisation([], undefined)).toBeNull();
  });
});

describeEachDatabase("invitations", (database) => {
  it("lets the holder of a link join once, with the invited role", async () => {
    const { db } = database();
    const org = await organisation(db);
    const invited = await createInvitation(db, org.ownerAccess, { email: "New@Example.com", role: "viewer" });
    if (!invited.ok) throw new Error("not invited");
    expect(await listPendingInvitations(db, org.organisationId)).toMatchObject([{ email: "new@example.com", role: "viewer" }]);
    const joiner = await newUser(db);
    expect(await acceptInvitation(db, joiner, invited.token)).toEqual({ ok: true, organisationId: org.organisationId });
    expect(await roleOf(db, org.organisationId, joiner.userId)).toBe("viewer");
    const late = await newUser(db);
    expect(await acceptInvitation(db, late, invited.token)).toMatchObject({ ok: false });
    expect(await roleOf(db, org.organisationId, late.userId)).toBeUndefined();
    expect(await listPendingInvitations(db, org.organisationId)).toEqual([]);
  });

  it("refuses expired, revoked and made-up links, and bad input by field", async () => {
    const { db } = database();
    const org = await organisation(db);
    const now = new Date("2026-05-01T00:00:00Z");
    const expired = await createInvitation(db, org.ownerAccess, { email: "a@example.com", role: "admin" }, now);
    if (!expired.ok) throw new Error("not invited");
    expect(await findOpenInvitation(db, expired.token, new Date("2026-05-07T23:00:00Z"))).not.toBeNull();
    expect(await acceptInvitation(db, await newUser(db), expired.token, new Date("2026-05-08T00:00:01Z"))).toMatchObject({ ok: false });

    const revoked = await createInvitation(db, org.ownerAccess, { email: "b@example.com", role: "viewer" });
    if (!revoked.ok) throw new Error("not invited");
    const [pending] = await listPendingInvitations(db, org.organisationId);
    await revokeInvitation(db, org.ownerAccess, pending!.id);
    expect(await acceptInvitation(db, await newUser(db), revoked.token)).toMatchObject({ ok: false });
    expect(await acceptInvitation(db, await newUser(db), "inlet_invite_made-up")).toMatchObject({ ok: false });

    expect(await createInvitation(db, org.ownerAccess, { email: "not an email", role: "boss" })).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.any(String)], role: [expect.stringContaining("owner, admin, viewer")] },
    });
    const admin = await org.add("admin");
    expect(await createInvitation(db, org.access(admin, "admin"), { email: "c@example.com", role: "owner" })).toMatchObject({ ok: false });
  });

  it("never demotes a member who follows an invitation with a weaker role", async () => {
    const { db } = database();
    const org = await organisation(db);
    const invited = await createInvitation(db, org.ownerAccess, { email: "x@example.com", role: "viewer" });
    if (!invited.ok) throw new Error("not invited");
    expect(await acceptInvitation(db, org.owner, invited.token)).toMatchObject({ ok: true });
    expect(await roleOf(db, org.organisationId, org.owner.userId)).toBe("owner");
  });
});

describeEachDatabase("API keys", (database) => {
  it("shows a key once, keeps only its hash, lists it, and stops it working when revoked", async () => {
    const { db } = database();
    const org = await organisation(db);
    const created = await createApiKey(db, org.ownerAccess, { name: "Grafana", scope: "read" });
    if (!created.ok) throw new Error("no key");
    const [row] = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.organisationId, org.organisationId));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const [listed] = await listApiKeys(db, org.organisationId);
    expect(listed).toMatchObject({ name: "Grafana", scope: "read", prefix: created.key.slice(0, listed!.prefix.length), lastUsedAt: null });
    await apiKeyCaller(db, created.key);
    expect((await listApiKeys(db, org.organisationId))[0]!.lastUsedAt).toBeInstanceOf(Date);

    await revokeApiKey(db, org.ownerAccess, listed!.id);
    await expect(apiKeyCaller(db, created.key)).rejects.toMatchObject({ status: 401 });
    expect(await listApiKeys(db, org.organisationId)).toEqual([]);
    expect((await listAudit(db, org.organisationId)).map((entry) => entry.action).slice(0, 2)).toEqual(["api_key.revoked", "api_key.created"]);
  });

  it("cannot revoke another organisation's key, and names bad input", async () => {
    const { db } = database();
    const a = await organisation(db);
    const b = await organisation(db);
    const created = await createApiKey(db, a.ownerAccess, { name: "CI", scope: "ingest" });
    if (!created.ok) throw new Error("no key");
    const [key] = await listApiKeys(db, a.organisationId);
    await revokeApiKey(db, b.ownerAccess, key!.id);
    expect(await listApiKeys(db, a.organisationId)).toHaveLength(1);
    expect(await createApiKey(db, a.ownerAccess, { name: " ", scope: "write" })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)], scope: [expect.stringContaining("read or ingest")] },
    });
  });
});
