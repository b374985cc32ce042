import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { DEMO_CREDENTIALS, DEMO_SITE, demoSiteHasEvents, ensureDemoSite } from "./ensure-demo-site";

describeEachDatabase("ensureDemoSite", (database) => {
  it("creates the demo user, an organisation it owns and the demo site", async () => {
    const { db } = database();
    expect(await demoSiteHasEvents(db)).toBe(false);
    const demo = await ensureDemoSite(db);

    const [user] = await db.select().from(schema.users).where(eq(schema.users.email, DEMO_CREDENTIALS.email));
    expect(user!.id).toBe(demo.userId);
    expect(await verifyPassword(user!.passwordHash, DEMO_CREDENTIALS.password)).toBe(true);

    const [organisation] = await db.select().from(schema.organisations).where(eq(schema.organisations.id, demo.organisationId));
    expect(organisation!.name).toBe("Demo organisation");
    const members = await db.select().from(schema.memberships).where(eq(schema.memberships.organisationId, demo.organisationId));
    expect(members).toEqual([expect.objectContaining({ userId: demo.userId, role: "owner" })]);

    const [site] = await db.select().from(schema.sites).where(eq(schema.sites.id, demo.siteId));
    expect(site).toMatchObject({
      organisationId: demo.organisationId,
      name: "Demo site",
      publicKey: "pk_demo_site_000000000000",
      allowedDomains: ["localhost", "127.0.0.1"],
      timeZone: "Europe/Berlin",
    });
    expect(demo.timeZone).toBe(DEMO_SITE.timeZone);
  });

  it("finds what exists on later runs instead of making more", async () => {
    const { db } = database();
    const first = await ensureDemoSite(db);
    const again = await ensureDemoSite(db);
    expect(again).toEqual(first);
    expect(await db.select().from(schema.users)).toHaveLength(1);
    expect(await db.select().from(schema.organisations)).toHaveLength(1);
    expect(await db.select().from(schema.memberships)).toHaveLength(1);
    expect(await db.select().from(schema.sites)).toHaveLength(1);
  });

  it("keeps a site whose owner changed its time zone, and restores a lost membership", async () => {
    const { db } = database();
    const first = await ensureDemoSite(db);
    await db.update(schema.sites).set({ timeZone: "America/New_York" }).where(eq(schema.sites.id, first.siteId));
    await db.delete(schema.memberships);
    const again = await ensureDemoSite(db);
    expect(again).toEqual({ ...first, timeZone: "America/New_York" });
    expect(await db.select().from(schema.memberships)).toEqual([expect.objectContaining({ userId: first.userId, role: "owner" })]);
  });

  it("tells whether the demo site has events, ignoring other sites'", async () => {
    const { db } = database();
    const demo = await ensureDemoSite(db);
    const event = { id: "019a0000-0000-7000-8000-000000000001", name: "pageview", ts: new Date(), visitorId: "0123456789abcdef" };
    await db.insert(schema.events).values({ ...event, siteId: "00000000-0000-4000-8000-0000000000ff" });
    expect(await demoSiteHasEvents(db)).toBe(false);
    await db.insert(schema.events).values({ ...event, siteId: demo.siteId });
    expect(await demoSiteHasEvents(db)).toBe(true);
  });
});
