import { beforeAll, expect, it, vi } from "vitest";
import { shareLinkCaller, type SiteAccess } from "@/lib/access";
import { listAudit } from "@/lib/audit";
import { schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { createShareLink, listShareLinks, revokeShareLink, unlockShareLink } from "./share-links";

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", "a-secret-for-the-sharing-tests-0123456789");
});

let counter = 0;

/** A site and its owner's access to it, as lib/access would hand it over. */
async function siteWithOwner(db: Database): Promise<SiteAccess> {
  counter += 1;
  const [organisation] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: organisation!.id, name: "Site", publicKey: `pk_share_${counter}` }).returning();
  const [user] = await db.insert(schema.users).values({ email: `sharer${counter}@example.com`, name: "Sharer", passwordHash: "x" }).returning();
  await db.insert(schema.memberships).values({ organisationId: organisation!.id, userId: user!.id, role: "owner" });
  return { caller: { kind: "user", userId: user!.id, email: user!.email }, site: site!, role: "owner" };
}

const noCookies = { get: () => undefined };
const jarWith = (cookie: { name: string; value: string }) => ({ get: (name: string) => (name === cookie.name ? { value: cookie.value } : undefined) });

describeEachDatabase("share links", (database) => {
  it("opens the site to its holder until revoked, and keeps only the token's hash", async () => {
    const { db } = database();
    const access = await siteWithOwner(db);
    const created = await createShareLink(db, access, { label: "Board", password: "" });
    if (!created.ok) throw new Error("no link");
    const token = created.token;
    expect(await shareLinkCaller(db, token, noCookies)).toMatchObject({ kind: "share-link", siteId: access.site.id });
    const stored = await db.select().from(schema.shareLinks);
    expect(JSON.stringify(stored)).not.toContain(token);
    const [listed] = await listShareLinks(db, access.site.id);
    expect(listed).toMatchObject({ label: "Board", hasPassword: false });

    const stranger = await siteWithOwner(db);
    await revokeShareLink(db, stranger, listed!.id); // another site's owner: nothing happens
    expect(await shareLinkCaller(db, token, noCookies)).toMatchObject({ kind: "share-link" });
    await revokeShareLink(db, access, listed!.id);
    await expect(shareLinkCaller(db, token, noCookies)).rejects.toMatchObject({ status: 404 });
    expect(await listShareLinks(db, access.site.id)).toEqual([]);
    expect((await listAudit(db, access.site.organisationId)).map((entry) => entry.action)).toEqual(["share_link.revoked", "share_link.created"]);
  });

  it("asks for the password until the right one sets the unlock cookie", async () => {
    const { db } = database();
    const access = await siteWithOwner(db);
    const created = await createShareLink(db, access, { label: "Investors", password: "correct horse" });
    if (!created.ok) throw new Error("no link");
    await expect(shareLinkCaller(db, created.token, noCookies)).rejects.toMatchObject({ status: 401, code: "password_required" });
    expect(await unlockShareLink(db, created.token, "wrong horse")).toBeNull();
    const cookie = await unlockShareLink(db, created.token, "correct horse");
    expect(cookie).not.toBeNull();
    expect(await shareLinkCaller(db, created.token, jarWith(cookie!))).toMatchObject({ kind: "share-link", siteId: access.site.id });
  });

  it("names bad input", async () => {
    const { db } = database();
    const access = await siteWithOwner(db);
    expect(await createShareLink(db, access, { label: "", password: "short" })).toMatchObject({
      ok: false,
      fieldErrors: { label: [expect.any(String)], password: [expect.stringContaining("at least 8")] },
    });
    expect(await listShareLinks(db, access.site.id)).toEqual([]);
  });
});
