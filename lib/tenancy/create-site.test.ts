import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { listAudit } from "@/lib/audit";
import { registerUser } from "@/lib/auth/register-user";
import { describeEachDatabase } from "@/lib/testing/databases";
import { createSite } from "./create-site";
import { authorizeSite } from "@/lib/access/authorize";
import { listSitesOfOrganisation } from "./list-sites-of-organisation";
import { timeZones } from "./site-input";

let counter = 0;
async function newUser(db: Parameters<typeof registerUser>[1]) {
  counter += 1;
  const result = await registerUser({ name: `User ${counter}`, email: `user${counter}@example.com`, password: "correct horse" }, db);
  if (!result.ok) throw new Error("registration failed");
  const member = { kind: "user" as const, userId: result.user.id, email: result.user.email };
  return { ...result, member: { caller: member, organisationId: result.organisationId, role: "owner" as const } };
}

const user = (userId: string) => ({ kind: "user" as const, userId, email: "" });

describeEachDatabase("sites", (database) => {
  it("creates a site in the user's organisation with a fresh public key", async () => {
    const { db } = database();
    const owner = await newUser(db);
    const result = await createSite(owner.member, { name: "Blog", domains: "Blog.Example.com, *.example.org", timeZone: "Europe/Paris" }, db);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.site).toMatchObject({
      name: "Blog",
      organisationId: owner.organisationId,
      allowedDomains: ["blog.example.com", "*.example.org"],
      timeZone: "Europe/Paris",
    });
    expect(result.site.publicKey).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    const again = await createSite(owner.member, { name: "Blog 2", domains: "example.com", timeZone: "UTC" }, db);
    expect(again.ok && again.site.publicKey).not.toBe(result.site.publicKey);

    const audit = await listAudit(db, owner.organisationId);
    expect(audit.map(({ action, actorId, actorEmail, details }) => ({ action, actorId, actorEmail, details }))).toContainEqual({
      action: "site.created",
      actorId: owner.user.id,
      actorEmail: owner.user.email,
      details: { siteId: result.site.id, name: "Blog", allowedDomains: ["blog.example.com", "*.example.org"], timeZone: "Europe/Paris" },
    });
  });

  it("answers bad input with an error per field and stores nothing", async () => {
    const { db } = database();
    const owner = await newUser(db);
    const result = await createSite(owner.member, { name: " ", domains: "nope", timeZone: "Europe/Atlantis" }, db);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["domains", "name", "timeZone"]);
    expect(await listSitesOfOrganisation(owner.organisationId, db)).toEqual([]);
    expect(await listAudit(db, owner.organisationId)).toEqual([]);
  });

  it("shows a site only to members of its organisation", async () => {
    const { db } = database();
    const alice = await newUser(db);
    const bob = await newUser(db);
    const created = await createSite(alice.member, { name: "Alice's site", domains: "alice.example", timeZone: "UTC" }, db);
    if (!created.ok) throw new Error("site not created");
    const siteId = created.site.id;

    expect((await authorizeSite(db, user(alice.user.id), siteId, "site:read")).site.id).toBe(siteId);
    expect((await listSitesOfOrganisation(alice.organisationId, db)).map((site) => site.id)).toContain(siteId);

    const statusFor = (userId: string, id: string) =>
      authorizeSite(db, user(userId), id, "site:read").then(() => 200, (error: { status: number }) => error.status);
    expect(await statusFor(bob.user.id, siteId)).toBe(404);
    expect(await statusFor(alice.user.id, "00000000-0000-4000-8000-000000000000")).toBe(404);
    expect(await statusFor(alice.user.id, "not-a-uuid")).toBe(404);
    expect(await listSitesOfOrganisation(bob.organisationId, db)).toEqual([]);
  });

  it("offers only time zones the database understands", async () => {
    // The projection buckets days with `ts AT TIME ZONE sites.time_zone`: a zone
    // the database lacks would break projecting every site, not just this one.
    const { db } = database();
    const unknown = await queryRows<{ zone: string }>(
      db,
      sql`SELECT zone FROM jsonb_array_elements_text(${JSON.stringify(timeZones())}::jsonb) AS zone
          WHERE zone NOT IN (SELECT name FROM pg_timezone_names)`,
    );
    expect(unknown).toEqual([]);
  });
});
