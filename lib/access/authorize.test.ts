import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, expect, it, vi } from "vitest";
import { schema, type Database } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { describeEachDatabase } from "@/lib/testing/databases";
import { AccessDenied, authorizeOrganisation, authorizeSite, type Caller } from "./authorize";
import { apiKeyCaller, requestCaller, SHARE_TOKEN_HEADER, shareLinkCaller, shareUnlockCookie } from "./callers";
import { newToken } from "./secret-tokens";

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", "a-secret-for-the-access-tests-0123456789");
});

/** The HTTP status a refusal carries, or 200 when allowed. */
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: unknown) => {
      if (error instanceof AccessDenied) return error.status;
      throw error;
    },
  );

let counter = 0;

/** An organisation with one site and a member of each role. */
async function tenant(db: Database) {
  counter += 1;
  const [organisation] = await db.insert(schema.organisations).values({ name: `Org ${counter}` }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: organisation!.id, name: "Site", publicKey: `pk_access_${counter}` }).returning();
  const member = async (role: schema.Role): Promise<Caller> => {
    const email = `${role}${counter}@example.com`;
    const [user] = await db.insert(schema.users).values({ email, name: role, passwordHash: "x" }).returning();
    await db.insert(schema.memberships).values({ organisationId: organisation!.id, userId: user!.id, role });
    return { kind: "user", userId: user!.id, email };
  };
  const apiKey = async (scope: schema.ApiKeyScope, revoked = false) => {
    const key = newToken("apiKey");
    await db.insert(schema.apiKeys).values({
      organisationId: organisation!.id,
      name: scope,
      scope,
      prefix: key.displayPrefix,
      secretHash: key.hash,
      revokedAt: revoked ? new Date() : null,
    });
    return key.token;
  };
  const shareLink = async (options: { password?: string; revoked?: boolean } = {}) => {
    const token = newToken("shareLink");
    const [link] = await db
      .insert(schema.shareLinks)
      .values({
        siteId: site!.id,
        label: "Shared",
        tokenHash: token.hash,
        prefix: token.displayPrefix,
        passwordHash: options.password ? await hashPassword(options.password) : null,
        revokedAt: options.revoked ? new Date() : null,
      })
      .returning();
    return { token: token.token, link: link! };
  };
  return { organisation: organisation!, site: site!, owner: await member("owner"), admin: await member("admin"), viewer: await member("viewer"), apiKey, shareLink };
}

const noCookies = { get: () => undefined };

describeEachDatabase("authorizeSite", (database) => {
  it("gives each role of the site's organisation what the permission table says, and strangers a 404", async () => {
    const { db } = database();
    const a = await tenant(db);
    const b = await tenant(db);
    const expected: Record<string, [owner: number, admin: number, viewer: number]> = {
      "site:read": [200, 200, 200],
      "site:system": [200, 200, 403],
      "site:edit": [200, 200, 403],
      "site:delete": [200, 403, 403],
    };
    for (const [permission, statuses] of Object.entries(expected)) {
      const seen = [];
      for (const caller of [a.owner, a.admin, a.viewer]) seen.push(await statusOf(authorizeSite(db, caller, a.site.id, permission as never)));
      expect(seen, permission).toEqual(statuses);
      // b's members are strangers to a's site, whatever their role.
      for (const caller of [b.owner, b.admin, b.viewer]) expect(await statusOf(authorizeSite(db, caller, a.site.id, permission as never))).toBe(404);
    }
    const granted = await authorizeSite(db, a.viewer, a.site.id, "site:read");
    expect(granted).toMatchObject({ site: { id: a.site.id }, role: "viewer" });
  });

  it("answers 401 without a caller and 404 for unknown or malformed site ids", async () => {
    const { db } = database();
    const a = await tenant(db);
    expect(await statusOf(authorizeSite(db, null, a.site.id, "site:read"))).toBe(401);
    expect(await statusOf(authorizeSite(db, a.owner, "00000000-0000-4000-8000-000000000000", "site:read"))).toBe(404);
    expect(await statusOf(authorizeSite(db, a.owner, "not-a-uuid", "site:read"))).toBe(404);
  });

  it("lets a read API key read its organisation's sites only, and nothing more", async () => {
    const { db } = database();
    const a = await tenant(db);
    const b = await tenant(db);
    const caller = await apiKeyCaller(db, await a.apiKey("read"));
    expect(await statusOf(authorizeSite(db, caller, a.site.id, "site:read"))).toBe(200);
    expect(await statusOf(authorizeSite(db, caller, b.site.id, "site:read"))).toBe(404);
    expect(await statusOf(authorizeSite(db, caller, a.site.id, "site:edit"))).toBe(403);
    expect(await statusOf(authorizeOrganisation(db, caller, a.organisation.id, "organisation:read"))).toBe(403);
    const ingest = await apiKeyCaller(db, await a.apiKey("ingest"));
    expect(await statusOf(authorizeSite(db, ingest, a.site.id, "site:read"))).toBe(403);
  });

  it("refuses revoked, unknown and malformed API keys with 401, and records when a key was used", async () => {
    const { db } = database();
    const a = await tenant(db);
    expect(await statusOf(apiKeyCaller(db, await a.apiKey("read", true)))).toBe(401);
    expect(await statusOf(apiKeyCaller(db, newToken("apiKey").token))).toBe(401);
    expect(await statusOf(apiKeyCaller(db, "inlet_key_'; DROP TABLE sites; --"))).toBe(401);
    const key = await a.apiKey("read");
    const caller = await apiKeyCaller(db, key);
    const [row] = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, caller.kind === "api-key" ? caller.keyId : ""));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("lets a share link read its own site only; a password-protected one needs its unlock cookie", async () => {
    const { db } = database();
    const a = await tenant(db);
    const b = await tenant(db);
    const open = await a.shareLink();
    const caller = await shareLinkCaller(db, open.token, noCookies);
    expect(await statusOf(authorizeSite(db, caller, a.site.id, "site:read"))).toBe(200);
    expect(await statusOf(authorizeSite(db, caller, b.site.id, "site:read"))).toBe(404);
    expect(await statusOf(authorizeSite(db, caller, a.site.id, "site:system"))).toBe(403);

    expect(await statusOf(shareLinkCaller(db, (await a.shareLink({ revoked: true })).token, noCookies))).toBe(404);
    expect(await statusOf(shareLinkCaller(db, "inlet_share_nope", noCookies))).toBe(404);

    const locked = await a.shareLink({ password: "open sesame" });
    expect(await statusOf(shareLinkCaller(db, locked.token, noCookies))).toBe(401);
    const unlock = shareUnlockCookie({ id: locked.link.id, passwordHash: locked.link.passwordHash! });
    const jar = (value: string) => ({ get: (name: string) => (name === unlock.name ? { value } : undefined) });
    expect(await statusOf(shareLinkCaller(db, locked.token, jar(unlock.value)))).toBe(200);
    // Forged, expired, or moved from another link: still locked.
    expect(await statusOf(shareLinkCaller(db, locked.token, jar(`${unlock.value.split(".")[0]}.forged`)))).toBe(401);
    const expired = shareUnlockCookie({ id: locked.link.id, passwordHash: locked.link.passwordHash! }, Date.now() - 2 * 24 * 3600_000);
    expect(await statusOf(shareLinkCaller(db, locked.token, jar(expired.value)))).toBe(401);
    const other = await b.shareLink({ password: "open sesame" });
    const otherUnlock = shareUnlockCookie({ id: other.link.id, passwordHash: other.link.passwordHash! });
    expect(await statusOf(shareLinkCaller(db, locked.token, jar(otherUnlock.value)))).toBe(401);
  });

  it("reads the credential a request carries, and refuses a bad one instead of falling back to the session", async () => {
    const { db } = database();
    const a = await tenant(db);
    const key = await a.apiKey("read");
    const request = (headers: Record<string, string>) => new NextRequest("http://localhost/api", { headers });
    expect(await requestCaller(db, request({ authorization: `Bearer ${key}` }))).toMatchObject({ kind: "api-key", organisationId: a.organisation.id });
    expect(await statusOf(requestCaller(db, request({ authorization: key })))).toBe(401);
    expect(await statusOf(requestCaller(db, request({ authorization: "Bearer inlet_key_unknown" })))).toBe(401);
    const { token } = await a.shareLink();
    expect(await requestCaller(db, request({ [SHARE_TOKEN_HEADER]: token }))).toMatchObject({ kind: "share-link", siteId: a.site.id });
    // A locked link's unlock cookie travels in the request's Cookie header.
    const locked = await a.shareLink({ password: "open sesame" });
    const unlock = shareUnlockCookie({ id: locked.link.id, passwordHash: locked.link.passwordHash! });
    expect(await statusOf(requestCaller(db, request({ [SHARE_TOKEN_HEADER]: locked.token })))).toBe(401);
    expect(await requestCaller(db, request({ [SHARE_TOKEN_HEADER]: locked.token, cookie: `other=1; ${unlock.name}=${unlock.value}` }))).toMatchObject({
      kind: "share-link",
    });
  });
});

describeEachDatabase("authorizeOrganisation", (database) => {
  it("follows the permission table for members and refuses everyone else", async () => {
    const { db } = database();
    const a = await tenant(db);
    const b = await tenant(db);
    expect(await statusOf(authorizeOrganisation(db, a.owner, a.organisation.id, "organisation:audit"))).toBe(200);
    expect(await statusOf(authorizeOrganisation(db, a.admin, a.organisation.id, "organisation:audit"))).toBe(403);
    expect(await statusOf(authorizeOrganisation(db, a.admin, a.organisation.id, "organisation:members"))).toBe(200);
    expect(await statusOf(authorizeOrganisation(db, a.viewer, a.organisation.id, "organisation:members"))).toBe(403);
    expect(await statusOf(authorizeOrganisation(db, a.viewer, a.organisation.id, "organisation:read"))).toBe(200);
    expect(await statusOf(authorizeOrganisation(db, b.owner, a.organisation.id, "organisation:read"))).toBe(404);
    expect(await statusOf(authorizeOrganisation(db, null, a.organisation.id, "organisation:read"))).toBe(401);
    expect(await statusOf(authorizeOrganisation(db, a.owner, "nope", "organisation:read"))).toBe(404);
  });
});
