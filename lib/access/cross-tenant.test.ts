/**
 * The cross-tenant suite. Every route handler and every server action of the
 * app is listed below (a new one that is not listed fails the first test),
 * and each is tried by callers who must be refused: nobody, another
 * organisation's owner, its API key and share link, and for anything beyond
 * reading, a viewer of the victim's own organisation. Every attempt must be
 * refused (401/403/404, or for actions the sign-in redirect or a 404), carry
 * none of the victim's data, and change nothing. The rightful caller's call
 * is tried too, so a suite that refuses everything cannot pass.
 *
 * The handlers run for real against an embedded database; only "who is
 * signed in" is set by the test (next-auth's cookie needs the Next runtime:
 * e2e/ covers real sign-in).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as { id: string; email: string; name: string } | null,
  headers: new Headers(),
  cookies: new Map<string, string>(),
}));

vi.mock("@/lib/auth/require-user", async () => {
  const { redirect } = await import("next/navigation");
  return {
    currentUser: async () => session.user,
    requireUser: async () => session.user ?? redirect("/sign-in"),
  };
});
vi.mock("next/headers", () => ({
  headers: async () => session.headers,
  cookies: async () => ({
    get: (name: string) => (session.cookies.has(name) ? { name, value: session.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => void session.cookies.set(name, value),
    delete: (name: string) => void session.cookies.delete(name),
  }),
}));
// Outside Next's request scope there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const APP = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-cross-tenant-"));

// ---------------------------------------------------------------------------
// What the app has: found on disk, so nothing can be added unseen.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, found);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** "app/api/sites/[siteId]/live/route.ts GET" for every exported method of every route file. */
function routeHandlersOnDisk(): string[] {
  const handlers = [];
  for (const file of walk(path.join(APP, "app")).filter((file) => /\/route\.tsx?$/.test(file))) {
    const source = fs.readFileSync(file, "utf8");
    const relative = path.relative(APP, file);
    for (const method of METHODS) {
      const exported = new RegExp(`export\\s+(?:async\\s+)?(?:function|const)\\s+${method}\\b|export\\s+const\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`);
      if (exported.test(source)) handlers.push(`${relative} ${method}`);
    }
  }
  return handlers.sort();
}

/** "lib/conversions/actions.ts createGoalAction" for every export of every "use server" file. */
function serverActionsOnDisk(): string[] {
  const actions = [];
  for (const dir of ["app", "lib", "components"]) {
    for (const file of walk(path.join(APP, dir))) {
      const source = fs.readFileSync(file, "utf8");
      if (!/^\s*["']use server["']/.test(source)) continue;
      for (const match of source.matchAll(/export\s+(?:async\s+function|const|function)\s+(\w+)/g)) {
        actions.push(`${path.relative(APP, file)} ${match[1]}`);
      }
    }
  }
  return actions.sort();
}

// ---------------------------------------------------------------------------
// The tenants.

type Fixture = Awaited<ReturnType<typeof buildFixture>>;

async function buildFixture() {
  const { getDb, schema } = await import("@/lib/db");
  const { newToken } = await import("@/lib/access");
  const db = await getDb();
  const organisation = async (name: string) => {
    const [row] = await db.insert(schema.organisations).values({ name }).returning();
    return row!.id;
  };
  const user = async (organisationId: string, role: "owner" | "admin" | "viewer", email: string) => {
    const [row] = await db.insert(schema.users).values({ email, name: email.split("@")[0]!, passwordHash: "x" }).returning();
    await db.insert(schema.memberships).values({ organisationId, userId: row!.id, role });
    return { id: row!.id, email, name: row!.name };
  };
  const site = async (organisationId: string, name: string, publicKey: string) => {
    const [row] = await db.insert(schema.sites).values({ organisationId, name, publicKey }).returning();
    return row!;
  };
  const apiKey = async (organisationId: string, scope: "read" | "ingest") => {
    const key = newToken("apiKey");
    await db.insert(schema.apiKeys).values({ organisationId, name: scope, scope, prefix: key.displayPrefix, secretHash: key.hash });
    return key.token;
  };
  const shareLink = async (siteId: string) => {
    const token = newToken("shareLink");
    await db.insert(schema.shareLinks).values({ siteId, label: "link", tokenHash: token.hash, prefix: token.displayPrefix });
    return token.token;
  };

  const victimOrg = await organisation("Victim Org");
  const victimSite = await site(victimOrg, "Victim Secret Site", "pk_victim");
  const owner = await user(victimOrg, "owner", "owner@victim.example");
  const viewer = await user(victimOrg, "viewer", "viewer@victim.example");
  const colleague = await user(victimOrg, "admin", "admin@victim.example");
  const [goal, ...stepGoals] = await db
    .insert(schema.goals)
    .values(["/x", "/a", "/b"].map((pagePattern) => ({ siteId: victimSite.id, name: `Victim goal ${pagePattern}`, kind: "page" as const, pagePattern })))
    .returning();
  const [funnel] = await db
    .insert(schema.funnels)
    .values({ siteId: victimSite.id, name: "Victim funnel", steps: [{ kind: "page", pagePattern: "/a" }, { kind: "page", pagePattern: "/b" }] })
    .returning();
  const [invitation] = await db
    .insert(schema.invitations)
    .values({ organisationId: victimOrg, role: "viewer", email: "x@example.com", tokenHash: newToken("invitation").hash, expiresAt: new Date(Date.now() + 86_400_000) })
    .returning();
  const ts = new Date(Date.now() - 60_000);
  await db.insert(schema.events).values({ siteId: victimSite.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "victim-visitor", path: "/victim-secret-page" });
  const { catchUp, projections } = await import("@/lib/projections");
  for (const projection of Object.values(projections)) await catchUp(db, projection);

  const attackerOrg = await organisation("Attacker Org");
  await site(attackerOrg, "Attacker site", "pk_attacker");
  const attacker = await user(attackerOrg, "owner", "owner@attacker.example");

  return {
    db,
    victim: {
      organisationId: victimOrg,
      site: victimSite,
      owner,
      viewer,
      colleague,
      goalId: goal!.id,
      /** Goals that stay: deleteGoalAction's rightful call removes goalId. */
      stepGoalIds: stepGoals.map((step) => step.id),
      funnelId: funnel!.id,
      invitationId: invitation!.id,
      readKey: await apiKey(victimOrg, "read"),
      ingestKey: await apiKey(victimOrg, "ingest"),
      shareToken: await shareLink(victimSite.id),
    },
    attacker: { user: attacker, readKey: await apiKey(attackerOrg, "read"), shareToken: await shareLink((await site(attackerOrg, "Attacker shared", "pk_attacker_2")).id) },
  };
}

/** Everything of the victim's that an attempt could change, to check that nothing did. */
async function victimState(fixture: Fixture) {
  const { schema } = await import("@/lib/db");
  const { eq, count } = await import("drizzle-orm");
  const { db, victim } = fixture;
  const [site] = await db.select().from(schema.sites).where(eq(schema.sites.id, victim.site.id));
  return JSON.stringify({
    site,
    sites: (await db.select({ id: schema.sites.id }).from(schema.sites).where(eq(schema.sites.organisationId, victim.organisationId))).length,
    goals: (await db.select({ n: count() }).from(schema.goals).where(eq(schema.goals.siteId, victim.site.id)))[0]!.n,
    funnels: (await db.select({ n: count() }).from(schema.funnels).where(eq(schema.funnels.siteId, victim.site.id)))[0]!.n,
    shareLinks: await db.select({ id: schema.shareLinks.id, revokedAt: schema.shareLinks.revokedAt }).from(schema.shareLinks).where(eq(schema.shareLinks.siteId, victim.site.id)),
    members: await db.select().from(schema.memberships).where(eq(schema.memberships.organisationId, victim.organisationId)),
    keys: await db.select({ id: schema.apiKeys.id, revokedAt: schema.apiKeys.revokedAt }).from(schema.apiKeys).where(eq(schema.apiKeys.organisationId, victim.organisationId)),
    invitations: await db.select({ id: schema.invitations.id, revokedAt: schema.invitations.revokedAt }).from(schema.invitations).where(eq(schema.invitations.organisationId, victim.organisationId)),
    organisation: await db.select().from(schema.organisations).where(eq(schema.organisations.id, victim.organisationId)),
  });
}

// ---------------------------------------------------------------------------
// Callers.

interface Credentials {
  label: string;
  user?: { id: string; email: string; name: string } | null;
  headers?: Record<string, string>;
}

function callersToRefuse(fixture: Fixture, needsMoreThanRead: boolean): Credentials[] {
  const { attacker, victim } = fixture;
  const callers: Credentials[] = [
    { label: "no credentials" },
    { label: "another organisation's owner", user: attacker.user },
    { label: "another organisation's API key", headers: { authorization: `Bearer ${attacker.readKey}` } },
    { label: "another organisation's share link", headers: { "x-inlet-share-token": attacker.shareToken } },
    { label: "a made-up API key", headers: { authorization: "Bearer inlet_key_made-up" } },
  ];
  if (needsMoreThanRead) {
    callers.push(
      { label: "a viewer of the organisation", user: victim.viewer },
      { label: "the organisation's own read API key", headers: { authorization: `Bearer ${victim.readKey}` } },
      { label: "the site's own share link", headers: { "x-inlet-share-token": victim.shareToken } },
    );
  } else {
    callers.push({ label: "the organisation's ingest-only API key", headers: { authorization: `Bearer ${victim.ingestKey}` } });
  }
  return callers;
}

function signInAs(credentials: Credentials) {
  session.user = credentials.user ?? null;
  session.headers = new Headers(credentials.headers ?? {});
  session.cookies = new Map();
}

// ---------------------------------------------------------------------------
// The list. Each entry says what the thing guards and how to call it.

interface RouteCall {
  params: Record<string, string>;
  url: string;
  method?: string;
}

type RouteSpec =
  | { guard: "site"; permission: "site:read"; call: (fixture: Fixture) => RouteCall }
  /** A share link's own route: the token in the path is the credential; any other token opens nothing. */
  | { guard: "share-path"; call: (fixture: Fixture, token: string) => RouteCall }
  | { guard: "public"; why: string; check?: (fixture: Fixture) => RouteCall & { expectStatus: number[] } };

const ROUTES: Record<string, RouteSpec> = {
  "app/api/auth/[...nextauth]/route.ts GET": { guard: "public", why: "next-auth's own endpoints (sign-in, session, CSRF)" },
  "app/api/auth/[...nextauth]/route.ts POST": { guard: "public", why: "next-auth's own endpoints (sign-in, sign-out)" },
  "app/api/collect/route.ts POST": { guard: "public", why: "ingestion: the site's public write key and allowed origins are checked by the collector (edge/collector tests)" },
  "app/api/collect/route.ts OPTIONS": { guard: "public", why: "CORS preflight of ingestion" },
  "app/api/collect/node/route.ts POST": { guard: "public", why: "ingestion, Node runtime (same collector)" },
  "app/api/collect/node/route.ts OPTIONS": { guard: "public", why: "CORS preflight of ingestion" },
  "app/api/cron/project/route.ts GET": {
    guard: "public",
    why: "cron: its own bearer secret (CRON_SECRET); closed when unset",
    check: () => ({ params: {}, url: "http://localhost/api/cron/project", expectStatus: [401, 503] }),
  },
  "app/api/cron/lake/route.ts GET": {
    guard: "public",
    why: "cron: its own bearer secret (CRON_SECRET); closed when unset",
    check: () => ({ params: {}, url: "http://localhost/api/cron/lake", expectStatus: [401, 503] }),
  },
  "app/api/internal/collector/route.ts POST": {
    guard: "public",
    why: "the embedded collector's hand-off: its own internal token",
    check: () => ({ params: {}, url: "http://localhost/api/internal/collector", method: "POST", expectStatus: [401, 403] }),
  },
  "app/api/lake/[...key]/route.ts GET": {
    guard: "public",
    why: "signed URL: the HMAC is the credential (minted only for the caller's own site's files, lib/lake/signed-url.ts)",
    check: ({ victim }) => ({
      params: { key: `site=${victim.site.id}/date=2026-01-01/events-0.parquet` },
      url: `http://localhost/api/lake/site=${victim.site.id}/date=2026-01-01/events-0.parquet?expires=4102444800&sig=made-up`,
      expectStatus: [403],
    }),
  },
  "app/api/lake/[...key]/route.ts HEAD": {
    guard: "public",
    why: "signed URL: the HMAC is the credential (as GET)",
    check: ({ victim }) => ({
      params: { key: `site=${victim.site.id}/date=2026-01-01/events-0.parquet` },
      url: `http://localhost/api/lake/site=${victim.site.id}/date=2026-01-01/events-0.parquet`,
      method: "HEAD",
      expectStatus: [403],
    }),
  },
  "app/api/sites/[siteId]/first-event/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: { siteId: victim.site.id }, url: `http://localhost/api/sites/${victim.site.id}/first-event` }),
  },
  "app/api/v1/openapi.json/route.ts GET": { guard: "public", why: "the read API's documentation" },
  "app/api/v1/stats/aggregate/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: {}, url: `http://localhost/api/v1/stats/aggregate?site_id=${victim.site.id}&metrics=visitors,pageviews` }),
  },
  "app/api/v1/stats/timeseries/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: {}, url: `http://localhost/api/v1/stats/timeseries?site_id=${victim.site.id}&period=7d` }),
  },
  "app/api/v1/stats/breakdown/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: {}, url: `http://localhost/api/v1/stats/breakdown?site_id=${victim.site.id}&dimension=page` }),
  },
  "app/api/sites/[siteId]/lake/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: { siteId: victim.site.id }, url: `http://localhost/api/sites/${victim.site.id}/lake?from=2020-01-01&to=2030-01-01` }),
  },
  "app/api/sites/[siteId]/lake/tail/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: { siteId: victim.site.id }, url: `http://localhost/api/sites/${victim.site.id}/lake/tail?after=0.0` }),
  },
  "app/api/sites/[siteId]/nlq/route.ts POST": {
    guard: "public",
    why: "siteRoute(site:read) like its neighbours, but its rightful answer needs a JSON body and a configured model; its own test (route.test.ts beside it) tries strangers and readers with the SDK's mock model",
    check: ({ victim }) => ({ params: { siteId: victim.site.id }, url: `http://localhost/api/sites/${victim.site.id}/nlq`, method: "POST", expectStatus: [401, 403, 404] }),
  },
  "app/api/sites/[siteId]/live/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: { siteId: victim.site.id }, url: `http://localhost/api/sites/${victim.site.id}/live` }),
  },
  "app/duckdb/[version]/[file]/route.ts GET": {
    guard: "public",
    why: "DuckDB-WASM's own engine files from node_modules, the same for everyone; no tenant data",
    check: () => ({ params: { version: "0.0.0", file: "duckdb-eh.wasm" }, url: "http://localhost/duckdb/0.0.0/duckdb-eh.wasm", expectStatus: [404] }),
  },
  "app/share/[token]/export/[dimension]/route.ts GET": {
    guard: "share-path",
    call: (_fixture, token) => ({ params: { token, dimension: "page" }, url: `http://localhost/share/${token}/export/page?period=7d` }),
  },
  "app/sites/[siteId]/export/[dimension]/route.ts GET": {
    guard: "site",
    permission: "site:read",
    call: ({ victim }) => ({ params: { siteId: victim.site.id, dimension: "page" }, url: `http://localhost/sites/${victim.site.id}/export/page?period=7d` }),
  },
};

type ActionSpec =
  | { guard: "site" | "organisation"; moreThanRead: boolean; refuseAdmins?: boolean; call: (fixture: Fixture) => Promise<unknown> }
  | { guard: "self"; why: string; call: (fixture: Fixture) => Promise<unknown> }
  | { guard: "public"; why: string };

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.append(name, value);
  return data;
};

const conversions = () => import("@/lib/conversions/actions");
const organisations = () => import("@/lib/organisations/actions");
const sharing = () => import("@/lib/sharing/actions");
const tenancy = () => import("@/lib/tenancy/actions");
const siteSettings = () => import("@/lib/tenancy/site-settings-actions");

const ACTIONS: Record<string, ActionSpec> = {
  "lib/auth/actions.ts signInAction": { guard: "public", why: "signing in is how one gets credentials" },
  "lib/auth/actions.ts signUpAction": { guard: "public", why: "creates a new user and their own organisation" },
  "lib/auth/actions.ts signOutAction": { guard: "public", why: "ends the caller's own session, if any" },
  "lib/auth/actions.ts signInWithProviderAction": { guard: "public", why: "starts a GitHub/Google sign-in; the provider is the credential" },
  "lib/auth/actions.ts sendSignInLinkAction": { guard: "public", why: "emails a sign-in link to the address given; the inbox is the credential" },
  "lib/auth/actions.ts changePasswordAction": {
    guard: "self",
    why: "changes the caller's own password, after checking the current one",
    call: async () =>
      (await import("@/lib/auth/actions")).changePasswordAction({}, form({ currentPassword: "x", newPassword: "pwned password", confirmPassword: "pwned password" })),
  },
  "lib/auth/actions.ts signOutEverywhereAction": {
    guard: "self",
    why: "ends the caller's own sessions",
    call: async () => (await import("@/lib/auth/actions")).signOutEverywhereAction(),
  },
  "lib/conversions/actions.ts createGoalAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) => (await conversions()).createGoalAction(victim.site.id, {}, form({ name: "Pwned", kind: "page", pagePattern: "/pwned" })),
  },
  "lib/conversions/actions.ts deleteGoalAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) => (await conversions()).deleteGoalAction(victim.site.id, victim.goalId),
  },
  "lib/conversions/actions.ts createFunnelAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) => {
      const data = form({ name: "Pwned funnel" });
      for (const step of victim.stepGoalIds) data.append("step", step);
      return (await conversions()).createFunnelAction(victim.site.id, {}, data);
    },
  },
  "lib/conversions/actions.ts deleteFunnelAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) => (await conversions()).deleteFunnelAction(victim.site.id, victim.funnelId),
  },
  "lib/sharing/actions.ts createShareLinkAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) => (await sharing()).createShareLinkAction(victim.site.id, {}, form({ label: "Pwned", password: "" })),
  },
  "lib/sharing/actions.ts revokeShareLinkAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ db, victim }) => {
      const { schema } = await import("@/lib/db");
      const { eq } = await import("drizzle-orm");
      const [link] = await db.select().from(schema.shareLinks).where(eq(schema.shareLinks.siteId, victim.site.id)).limit(1);
      return (await sharing()).revokeShareLinkAction(victim.site.id, link!.id);
    },
  },
  "lib/sharing/actions.ts unlockShareLinkAction": { guard: "public", why: "the password check of a share link is the credential itself" },
  "lib/tenancy/actions.ts createSiteAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await tenancy()).createSiteAction(victim.organisationId, {}, form({ name: "Planted", domains: "planted.example", timeZone: "UTC" })),
  },
  "lib/tenancy/site-settings-actions.ts updateSiteSettingsAction": {
    guard: "site",
    moreThanRead: true,
    call: async ({ victim }) =>
      (await siteSettings()).updateSiteSettingsAction(victim.site.id, {}, form({ name: "Renamed", domains: "victim.example", timeZone: "UTC", hotRetentionDays: "30" })),
  },
  "lib/organisations/actions.ts switchOrganisationAction": {
    guard: "organisation",
    moreThanRead: false,
    call: async ({ victim }) => (await organisations()).switchOrganisationAction(victim.organisationId),
  },
  "lib/organisations/actions.ts createOrganisationAction": {
    guard: "self",
    why: "creates a new organisation owned by the caller",
    call: async () => (await organisations()).createOrganisationAction({}, form({ name: "Mine" })),
  },
  "lib/organisations/actions.ts renameOrganisationAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).renameOrganisationAction(victim.organisationId, {}, form({ name: "Pwned" })),
  },
  "lib/organisations/actions.ts inviteMemberAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).inviteMemberAction(victim.organisationId, {}, form({ email: "mole@attacker.example", role: "admin" })),
  },
  "lib/organisations/actions.ts revokeInvitationAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).revokeInvitationAction(victim.organisationId, victim.invitationId),
  },
  "lib/organisations/actions.ts changeMemberRoleAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).changeMemberRoleAction(victim.organisationId, victim.colleague.id, {}, form({ role: "viewer" })),
  },
  "lib/organisations/actions.ts removeMemberAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).removeMemberAction(victim.organisationId, victim.colleague.id),
  },
  "lib/organisations/actions.ts leaveOrganisationAction": {
    guard: "self",
    why: "a member leaves themselves; strangers are refused (checked below)",
    call: async ({ victim }) => (await organisations()).leaveOrganisationAction(victim.organisationId),
  },
  "lib/organisations/actions.ts acceptInvitationAction": {
    guard: "self",
    why: "whoever holds an invitation link may join with it; a made-up token joins nobody",
    call: async () => (await organisations()).acceptInvitationAction("inlet_invite_made-up"),
  },
  "lib/organisations/actions.ts createApiKeyAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ victim }) => (await organisations()).createApiKeyAction(victim.organisationId, {}, form({ name: "Pwned", scope: "read" })),
  },
  "lib/organisations/actions.ts revokeApiKeyAction": {
    guard: "organisation",
    moreThanRead: true,
    call: async ({ db, victim }) => {
      const { schema } = await import("@/lib/db");
      const { eq } = await import("drizzle-orm");
      const [key] = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.organisationId, victim.organisationId)).limit(1);
      return (await organisations()).revokeApiKeyAction(victim.organisationId, key!.id);
    },
  },
  // Last: the rightful owner's call deletes the victim's site.
  "lib/tenancy/site-settings-actions.ts deleteSiteAction": {
    guard: "site",
    moreThanRead: true,
    refuseAdmins: true,
    call: async ({ db, victim }) => {
      const { schema } = await import("@/lib/db");
      const { eq } = await import("drizzle-orm");
      const [site] = await db.select().from(schema.sites).where(eq(schema.sites.id, victim.site.id));
      return (await siteSettings()).deleteSiteAction(victim.site.id, {}, form({ confirmName: site?.name ?? "" }));
    },
  },
};

// ---------------------------------------------------------------------------
// Running one attempt.

/** What an action's call came to: a refusal (sign-in redirect or 404), another redirect, an answer, or an error. */
async function outcomeOf(call: Promise<unknown>): Promise<{ refused: boolean; value?: unknown; redirect?: string }> {
  try {
    return { refused: false, value: await call };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { refused: true };
    if (digest.startsWith("NEXT_REDIRECT")) {
      const target = digest.split(";")[2] ?? "";
      return { refused: target === "/sign-in", redirect: target };
    }
    throw error;
  }
}

async function callRoute(file: string, method: string, call: RouteCall, credentials: Credentials): Promise<Response> {
  const { NextRequest } = await import("next/server");
  const routeModule = (await import(/* @vite-ignore */ path.join(APP, file))) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
  signInAs(credentials);
  const request = new NextRequest(call.url, { method: call.method ?? method, headers: credentials.headers });
  return routeModule[method]!(request, { params: Promise.resolve(call.params) });
}

let fixture: Fixture;

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_DRIVER", "");
  vi.stubEnv("AUTH_SECRET", "a-secret-for-the-cross-tenant-suite-0123456789");
  vi.stubEnv("CRON_SECRET", "");
  fixture = await buildFixture();
});

afterAll(async () => {
  const { closeAppDatabase } = await import("@/lib/db");
  await closeAppDatabase();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("cross-tenant suite", () => {
  it("lists every route handler and server action of the app", () => {
    expect(routeHandlersOnDisk(), "add the new route handler to ROUTES in this file").toEqual(Object.keys(ROUTES).sort());
    expect(serverActionsOnDisk(), "add the new server action to ACTIONS in this file").toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [name, spec] of Object.entries(ROUTES)) {
    const [file, method] = name.split(" ") as [string, string];
    if (spec.guard === "share-path") {
      it(`${name} opens for its own link only`, async () => {
        for (const token of ["inlet_share_made-up", "not-a-token", ""]) {
          const response = await callRoute(file, method, spec.call(fixture, token), { label: "a made-up link", user: fixture.attacker.user });
          const body = await response.text();
          expect(response.status, token).toBe(404);
          expect(body).not.toMatch(/Victim|victim-secret-page/);
        }
        const response = await callRoute(file, method, spec.call(fixture, fixture.victim.shareToken), { label: "the link itself" });
        expect(response.status).toBe(200);
        expect(await response.text()).toContain("victim-secret-page");
      });
      continue;
    }
    if (spec.guard === "public") {
      if (!spec.check) continue;
      const check = spec.check;
      it(`${name} refuses callers without its own secret`, async () => {
        const call = check(fixture);
        const response = await callRoute(file, method, call, { label: "no credentials" });
        expect(call.expectStatus).toContain(response.status);
      });
      continue;
    }
    it(`${name} refuses strangers and answers its rightful readers`, async () => {
      const call = spec.call(fixture);
      for (const credentials of callersToRefuse(fixture, false)) {
        const response = await callRoute(file, method, call, credentials);
        const body = await response.text();
        expect([401, 403, 404], `${credentials.label}: ${body}`).toContain(response.status);
        expect(body, credentials.label).not.toMatch(/Victim|victim-secret-page|victim-visitor/);
        expect(JSON.parse(body), credentials.label).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      }
      const { victim } = fixture;
      const rightful: Credentials[] = [
        { label: "the site's viewer", user: victim.viewer },
        { label: "the organisation's read key", headers: { authorization: `Bearer ${victim.readKey}` } },
        { label: "the site's share link", headers: { "x-inlet-share-token": victim.shareToken } },
      ];
      for (const credentials of rightful) {
        const response = await callRoute(file, method, call, credentials);
        expect(response.status, `${credentials.label}: ${await response.clone().text()}`).toBe(200);
      }
    });
  }

  for (const [name, spec] of Object.entries(ACTIONS)) {
    if (spec.guard === "public") continue;
    if (spec.guard === "self") {
      it(`${name} refuses callers who are not signed in`, async () => {
        const before = await victimState(fixture);
        const strangers: Credentials[] = [
          { label: "no credentials" },
          { label: "an API key", headers: { authorization: `Bearer ${fixture.victim.readKey}` } },
          { label: "a share link", headers: { "x-inlet-share-token": fixture.victim.shareToken } },
        ];
        for (const credentials of strangers) {
          signInAs(credentials);
          expect(await outcomeOf(spec.call(fixture)), credentials.label).toMatchObject({ refused: true, redirect: "/sign-in" });
        }
        expect(await victimState(fixture)).toBe(before);
      });
      continue;
    }
    it(`${name} refuses strangers${spec.moreThanRead ? " and viewers" : ""}${spec.refuseAdmins ? " and admins" : ""}, changing nothing`, async () => {
      const before = await victimState(fixture);
      const refused = callersToRefuse(fixture, spec.moreThanRead);
      if (spec.refuseAdmins) refused.push({ label: "an admin of the organisation", user: fixture.victim.colleague });
      for (const credentials of refused) {
        signInAs(credentials);
        const outcome = await outcomeOf(spec.call(fixture));
        expect(outcome.refused, `${credentials.label}: ${JSON.stringify(outcome)}`).toBe(true);
        expect(await victimState(fixture), credentials.label).toBe(before);
      }
    });
  }

  it("lets a stranger leave nothing: leaving an organisation one is not in is refused", async () => {
    signInAs({ label: "attacker", user: fixture.attacker.user });
    const before = await victimState(fixture);
    expect(await outcomeOf((await organisations()).leaveOrganisationAction(fixture.victim.organisationId))).toMatchObject({ refused: true });
    expect(await victimState(fixture)).toBe(before);
  });

  // Last: these change the victim's data, which the refusals above compared against.
  it("lets the rightful owner do each guarded action", async () => {
    for (const [name, spec] of Object.entries(ACTIONS)) {
      if (spec.guard !== "site" && spec.guard !== "organisation") continue;
      signInAs({ label: "owner", user: fixture.victim.owner });
      const outcome = await outcomeOf(spec.call(fixture));
      expect(outcome.refused, name).toBe(false);
      if (outcome.value && typeof outcome.value === "object") {
        expect(outcome.value, name).not.toHaveProperty("fieldErrors");
        expect(outcome.value, name).not.toHaveProperty("error");
      }
    }
  });
});
