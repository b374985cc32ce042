import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken, isTokenOf, newToken } from "@/lib/access/secret-tokens";
import { schema } from "@/lib/db";
import { databaseBackend } from "@/lib/ingest";
import { describeEachDatabase } from "@/lib/testing/databases";
import { sequentialUuidv7 } from "@/lib/testing/sequential-uuidv7";
import { createCollectorApp, type CollectorOptions, type CollectResponse } from "./collector-app";
import { apiKeyHashOrThrow } from "./ingest-key";

const NOW = Date.parse("2026-11-21T12:00:00Z");
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const KEY = "pk_collector_test";

/** A valid UUIDv7 for time `ms`, unique per call. */
const uuidv7 = (ms = NOW) => sequentialUuidv7(ms);

function pageview(overrides: Record<string, unknown> = {}) {
  return { id: uuidv7(), name: "pageview", ts: NOW, url: "https://example.com/pricing?utm_source=news", referrer: "https://www.google.com/search", ...overrides };
}

describeEachDatabase("collector", (database) => {
  let siteId = "";
  const app = () =>
    createCollectorApp({ withBackend: (work) => work(databaseBackend(database().db)), now: () => NOW });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app().request("/api/collect", {
      method: "POST",
      headers: { "content-type": "text/plain", "user-agent": CHROME, "x-real-ip": "203.0.113.9", "x-vercel-ip-country": "DE", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const storedEvents = () => database().db.select().from(schema.events).where(eq(schema.events.siteId, siteId));

  beforeAll(async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    const [site] = await db
      .insert(schema.sites)
      .values({ organisationId: org!.id, name: "Site", publicKey: KEY, allowedDomains: ["example.com"] })
      .returning();
    siteId = site!.id;
  });

  it("stores a pageview with enrichment and answers 202", async () => {
    const event = pageview();
    const response = await post({ site: KEY, sent_at: NOW, events: [event] }, { origin: "https://example.com" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] });
    const [row] = (await storedEvents()).filter((e) => e.id === event.id);
    expect(row).toMatchObject({
      path: "/pricing",
      hostname: "example.com",
      referrerHost: "google.com",
      utmSource: "news",
      country: "DE",
      browser: "Chrome",
      os: "Mac OS",
      deviceType: "desktop",
    });
    expect(row!.visitorId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain("203.0.113.9");
  });

  it("gives a visitor one id per local day of the site: a new one at its midnight, none at UTC's", async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Org NY" }).returning();
    const [site] = await db
      .insert(schema.sites)
      .values({ organisationId: org!.id, name: "New York", publicKey: "pk_collector_ny", allowedDomains: ["example.com"], timeZone: "America/New_York" })
      .returning();
    // New York is UTC-5 in November: local midnight falls at 05:00 UTC.
    const at = {
      evening: Date.parse("2026-11-20T23:30:00Z"), // 18:30 on the 20th
      lateEvening: Date.parse("2026-11-21T04:30:00Z"), // 23:30 on the 20th, past UTC midnight
      night: Date.parse("2026-11-21T05:30:00Z"), // 00:30 on the 21st
    };
    const events = Object.fromEntries(Object.entries(at).map(([label, ts]) => [label, pageview({ id: uuidv7(ts), ts })]));
    const response = await post({ site: "pk_collector_ny", sent_at: NOW, events: Object.values(events) });
    expect(response.status).toBe(202);
    const stored = await db.select().from(schema.events).where(eq(schema.events.siteId, site!.id));
    const idOf = (label: string) => stored.find((row) => row.id === events[label]!.id)!.visitorId;
    expect(idOf("lateEvening")).toBe(idOf("evening"));
    expect(idOf("night")).not.toBe(idOf("lateEvening"));
  });

  it("stores an event id sent twice once", async () => {
    const event = pageview();
    for (let i = 0; i < 2; i++) expect((await post({ site: KEY, sent_at: NOW, events: [event] })).status).toBe(202);
    expect((await storedEvents()).filter((e) => e.id === event.id)).toHaveLength(1);
  });

  it("keeps the good events of a mixed batch and names the bad ones", async () => {
    const good = pageview();
    const response = await post({ site: KEY, sent_at: NOW, events: [{ ...pageview(), id: "not-a-uuid" }, good, { ...pageview(), url: "https://evil.test/" }] });
    expect(response.status).toBe(202);
    const body = (await response.json()) as CollectResponse;
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 2]);
    expect(body.rejected[0]!.error).toMatch(/^id: /);
    expect(body.rejected[1]!.error).toMatch(/evil\.test/);
    expect((await storedEvents()).some((e) => e.id === good.id)).toBe(true);
  });

  it("corrects the browser's clock skew from sent_at", async () => {
    const event = pageview({ ts: NOW - 3_600_000 - 5_000 }); // browser clock one hour behind
    await post({ site: KEY, sent_at: NOW - 3_600_000, events: [event] });
    const [row] = (await storedEvents()).filter((e) => e.id === event.id);
    expect(row!.ts.getTime()).toBe(NOW - 5_000);
  });

  it.each([
    ["invalid JSON", "{nope", 400, "invalid_json"],
    ["a missing site key", { sent_at: NOW, events: [pageview()] }, 400, "invalid_batch"],
    ["an unknown site key", { site: "pk_nobody", sent_at: NOW, events: [pageview()] }, 404, "unknown_site"],
    ["an empty batch", { site: KEY, sent_at: NOW, events: [] }, 400, "invalid_batch"],
    ["a batch of only bad events", { site: KEY, sent_at: NOW, events: [{ name: "x" }] }, 400, "invalid_batch"],
    ["a body over the size limit", { site: KEY, sent_at: NOW, events: [pageview({ props: { big: "x".repeat(70_000) } })] }, 413, "payload_too_large"],
  ])("refuses %s with a named error", async (_label, body, status, code) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it("refuses an origin the site does not allow", async () => {
    const response = await post({ site: KEY, sent_at: NOW, events: [pageview()] }, { origin: "https://evil.test" });
    expect(response.status).toBe(403);
  });

  it("drops bots without storing them", async () => {
    const event = pageview();
    const response = await post({ site: KEY, sent_at: NOW, events: [event] }, { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" });
    expect(await response.json()).toMatchObject({ accepted: 0, dropped: "bot" });
    expect((await storedEvents()).some((e) => e.id === event.id)).toBe(false);
  });

  it("keeps rejected events in the site's quarantine with the reason", async () => {
    const bad = { ...pageview(), name: "" };
    await post({ site: KEY, sent_at: NOW, events: [pageview(), bad] });
    const quarantined = await database().db.select().from(schema.quarantinedPayloads).where(eq(schema.quarantinedPayloads.siteId, siteId));
    const entry = quarantined.find((q) => q.payload.includes(bad.id));
    expect(entry?.reason).toMatch(/^name: /);
  });

  it("quarantines a batch from a forged origin and stores none of it", async () => {
    const event = pageview();
    expect((await post({ site: KEY, sent_at: NOW, events: [event] }, { origin: "https://forged.test" })).status).toBe(403);
    const quarantined = await database().db.select().from(schema.quarantinedPayloads).where(eq(schema.quarantinedPayloads.siteId, siteId));
    expect(quarantined.some((q) => q.payload.includes(event.id) && q.reason.includes("forged.test"))).toBe(true);
    expect((await storedEvents()).some((e) => e.id === event.id)).toBe(false);
  });

  it("answers 429 with Retry-After past the per-IP limit, and lets other addresses through", async () => {
    const limited = createCollectorApp({
      withBackend: (work) => work(databaseBackend(database().db)),
      now: () => NOW,
      rateLimits: { perIp: { perSecond: 1, burst: 2 }, perSite: { perSecond: 0, burst: 0 } },
    });
    const send = (ip: string) =>
      limited.request("/api/collect", { method: "POST", headers: { "user-agent": CHROME, "x-real-ip": ip }, body: JSON.stringify({ site: KEY, sent_at: NOW, events: [pageview()] }) });
    expect((await send("198.51.100.7")).status).toBe(202);
    expect((await send("198.51.100.7")).status).toBe(202);
    const refused = await send("198.51.100.7");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await send("198.51.100.8")).status).toBe(202);
  });

  it("answers 429 past the per-site event limit", async () => {
    const limited = createCollectorApp({
      withBackend: (work) => work(databaseBackend(database().db)),
      now: () => NOW,
      rateLimits: { perIp: { perSecond: 0, burst: 0 }, perSite: { perSecond: 1, burst: 3 } },
    });
    const send = (count: number) =>
      limited.request("/api/collect", { method: "POST", headers: { "user-agent": CHROME }, body: JSON.stringify({ site: KEY, sent_at: NOW, events: Array.from({ length: count }, () => pageview()) }) });
    expect((await send(3)).status).toBe(202);
    expect((await send(1)).status).toBe(429);
  });

  it("answers 503, never 202, when the log cannot be written", async () => {
    const backend = databaseBackend(database().db);
    const failing = createCollectorApp({
      withBackend: (work) => work({ ...backend, append: () => Promise.reject(new Error("connection refused")) }),
      now: () => NOW,
    });
    const response = await failing.request("/api/collect", { method: "POST", headers: { "user-agent": CHROME }, body: JSON.stringify({ site: KEY, sent_at: NOW, events: [pageview()] }) });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "unavailable" });
  });

  it("answers the CORS preflight", async () => {
    const response = await app().request("/api/collect", { method: "OPTIONS", headers: { origin: "https://example.com", "access-control-request-method": "POST" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describeEachDatabase("collector, server-side sending with an API key", (database) => {
  const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
  /** What a backend's HTTP client sends as its own user agent: a bot to isbot. */
  const SERVER_AGENT = "curl/8.5.0";
  const SITE_KEY = "pk_collector_server_side";
  const SERVER_IP = "192.0.2.10";
  let siteId = "";
  // Today's time, not the file's fixed NOW: a visitor id takes its day's salt, and the
  // salts of days more than two days before the real date are never stored (a fresh one
  // per request), so on a fixed date the same visitor would stop getting the same id.
  const START = Date.now();
  let clock = START;
  const keys = { ingest: "", read: "", otherOrganisation: "", revoked: "", unknown: newToken("apiKey").token };

  const app = (rateLimits?: CollectorOptions["rateLimits"]) =>
    createCollectorApp({ withBackend: (work) => work(databaseBackend(database().db)), now: () => clock, rateLimits });
  /** A batch of one pageview as a server sends it: no Origin, its own address and agent, `headers` on top. */
  const send = (key: string | undefined, headers: Record<string, string> = {}, instance = app()) => {
    const event = pageview({ ts: clock });
    const response = instance.request("/api/collect", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": SERVER_AGENT,
        "x-real-ip": SERVER_IP,
        "x-vercel-ip-country": "US",
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...headers,
      },
      body: JSON.stringify({ site: SITE_KEY, sent_at: clock, events: [event, { ...pageview(), url: "not a url" }] }),
    });
    return { event, response: Promise.resolve(response) };
  };
  const storedEvent = async (id: string) => {
    const [row] = await database().db.select().from(schema.events).where(and(eq(schema.events.siteId, siteId), eq(schema.events.id, id)));
    return row;
  };
  const quarantinedMentioning = async (id: string) =>
    (await database().db.select().from(schema.quarantinedPayloads).where(eq(schema.quarantinedPayloads.siteId, siteId))).filter((q) => q.payload.includes(id));

  async function insertKey(organisationId: string, scope: "read" | "ingest", revoked = false) {
    const { token, hash, displayPrefix } = newToken("apiKey");
    await database()
      .db.insert(schema.apiKeys)
      .values({ organisationId, name: `${scope} key`, scope, prefix: displayPrefix, secretHash: hash, revokedAt: revoked ? new Date() : null });
    return token;
  }

  beforeAll(async () => {
    const { db } = database();
    const [org, other] = await db.insert(schema.organisations).values([{ name: "Sender" }, { name: "Other" }]).returning();
    const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Server side", publicKey: SITE_KEY, allowedDomains: ["example.com"] }).returning();
    siteId = site!.id;
    keys.ingest = await insertKey(org!.id, "ingest");
    keys.read = await insertKey(org!.id, "read");
    keys.revoked = await insertKey(org!.id, "ingest", true);
    keys.otherOrganisation = await insertKey(other!.id, "ingest");
  });

  it("stores a server's batch as its visitors': their address makes the visitor id, their agent the browser", async () => {
    const first = send(keys.ingest, { "x-inlet-visitor-ip": "203.0.113.1", "x-inlet-visitor-user-agent": FIREFOX });
    const second = send(keys.ingest, { "x-inlet-visitor-ip": "203.0.113.2", "x-inlet-visitor-user-agent": FIREFOX });
    // The first visitor again, sent through another server of the same backend.
    const again = send(keys.ingest, { "x-inlet-visitor-ip": "203.0.113.1", "x-inlet-visitor-user-agent": FIREFOX, "x-real-ip": "192.0.2.99" });
    for (const { response } of [first, second, again]) {
      const answer = await response;
      expect(answer.status).toBe(202);
      // The rest of the collector is unchanged: a bad event is named and the good one kept.
      expect(await answer.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    }
    const [one, two, three] = await Promise.all([first, second, again].map(({ event }) => storedEvent(event.id)));
    expect(one).toMatchObject({ browser: "Firefox", os: "Windows", deviceType: "desktop", path: "/pricing" });
    expect(one!.visitorId).not.toBe(two!.visitorId);
    expect(three!.visitorId).toBe(one!.visitorId);
    // The edge's geolocation is the server's, not the visitor's.
    expect(one!.country).toBeNull();
    expect(JSON.stringify([one, two, three])).not.toMatch(/203\.0\.113|192\.0\.2/);
    // "Last used" on the keys page.
    const [key] = await database().db.select().from(schema.apiKeys).where(eq(schema.apiKeys.secretHash, hashToken(keys.ingest)));
    expect(key!.lastUsedAt).not.toBeNull();
  });

  it("takes the request's own address and agent when the visitor headers are left out, and drops a forwarded bot", async () => {
    const own = send(keys.ingest, { "user-agent": CHROME });
    expect((await own.response).status).toBe(202);
    expect(await storedEvent(own.event.id)).toMatchObject({ browser: "Chrome", country: "US" });
    // Bot detection looks at the visitor's agent: the server's own (curl) is no reason to drop...
    const person = send(keys.ingest, { "x-inlet-visitor-user-agent": FIREFOX });
    expect((await person.response).status).toBe(202);
    // ...a crawler visiting the server's pages is.
    const crawler = send(keys.ingest, { "x-inlet-visitor-user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)", "user-agent": CHROME });
    expect(await (await crawler.response).json()).toMatchObject({ accepted: 0, dropped: "bot" });
    expect(await storedEvent(crawler.event.id)).toBeUndefined();
  });

  it("ignores the visitor headers without a key", async () => {
    const headers = (ip: string) => ({ "user-agent": CHROME, "x-inlet-visitor-ip": ip, "x-inlet-visitor-user-agent": FIREFOX });
    const sent = [send(undefined, headers("203.0.113.1")), send(undefined, headers("203.0.113.2"))];
    for (const { response } of sent) expect((await response).status).toBe(202);
    const [one, two] = await Promise.all(sent.map(({ event }) => storedEvent(event.id)));
    expect(one).toMatchObject({ browser: "Chrome", country: "US" });
    expect(two!.visitorId).toBe(one!.visitorId);
  });

  it("skips the per-IP limit for an ingest key, and keeps the per-site limit", async () => {
    // Every batch here holds two events (one of them bad): the per-site limit counts both.
    const limited = app({ perIp: { perSecond: 1, burst: 2 }, perSite: { perSecond: 1, burst: 16 } });
    const answers = async (key: string | undefined, count: number) => {
      const seen: string[] = [];
      for (let i = 0; i < count; i++) {
        const answer = await send(key, { "x-inlet-visitor-ip": `203.0.113.${i}`, "user-agent": CHROME }, limited).response;
        seen.push(answer.status === 202 ? "202" : `${answer.status} ${((await answer.json()) as { error: { message: string } }).error.message}`);
      }
      return seen;
    };
    const byAddress = "429 too many requests from this address";
    const bySite = "429 this site is sending more events than its limit";
    expect(await answers(keys.ingest, 5)).toEqual(["202", "202", "202", "202", "202"]);
    // The same address without a key is limited: its burst of 2, less the one
    // request charged for the key's first lookup (10 of the site's 16 events are spent)...
    expect(await answers(undefined, 2)).toEqual(["202", byAddress]);
    // ...and with the key the site's limit still holds (12 spent).
    expect(await answers(keys.ingest, 3)).toEqual(["202", "202", bySite]);
  });

  it.each([
    ["a read key", () => `Bearer ${keys.read}`, 403, "forbidden", /"ingest" scope/],
    ["another organisation's ingest key", () => `Bearer ${keys.otherOrganisation}`, 403, "forbidden", /another organisation/],
    ["a revoked key", () => `Bearer ${keys.revoked}`, 401, "invalid_api_key", /revoked/],
    ["an unknown key", () => `Bearer ${keys.unknown}`, 401, "invalid_api_key", /no API key matches/],
    ["a malformed key", () => "Bearer inlet_key_not/base64", 401, "invalid_api_key", /malformed/],
    ["the site's public key", () => `Bearer ${SITE_KEY}`, 401, "invalid_api_key", /malformed/],
    ["another scheme", () => `Basic ${btoa(`user:${keys.ingest}`)}`, 401, "invalid_api_key", /Authorization: Bearer/],
    ["an empty header", () => "", 401, "invalid_api_key", /Authorization: Bearer/],
  ])("refuses %s and stores nothing, not even in quarantine", async (_label, authorization, status, code, message) => {
    const { event, response } = send(undefined, { authorization: authorization(), "x-inlet-visitor-ip": "203.0.113.1", "x-inlet-visitor-user-agent": FIREFOX });
    const answer = await response;
    expect(answer.status).toBe(status);
    expect(await answer.json()).toEqual({ error: { code, message: expect.stringMatching(message) } });
    expect(await storedEvent(event.id)).toBeUndefined();
    expect(await quarantinedMentioning(event.id)).toEqual([]);
  });

  it("refuses a key revoked while cached within 30 seconds", async () => {
    const token = await insertKey((await database().db.select().from(schema.sites).where(eq(schema.sites.id, siteId)))[0]!.organisationId, "ingest");
    const instance = app();
    expect((await send(token, {}, instance).response).status).toBe(202);
    await database().db.update(schema.apiKeys).set({ revokedAt: new Date() }).where(eq(schema.apiKeys.secretHash, hashToken(token)));
    try {
      clock = START + 29_000;
      expect((await send(token, {}, instance).response).status).toBe(202);
      clock = START + 30_001;
      expect((await send(token, {}, instance).response).status).toBe(401);
    } finally {
      clock = START;
    }
  });
});

describe("the collector's API key check", () => {
  it("hashes a key as the database keeps it and accepts the keys lib/access makes", async () => {
    for (let i = 0; i < 20; i++) {
      const { token, hash } = newToken("apiKey");
      expect(isTokenOf("apiKey", token)).toBe(true);
      expect(await apiKeyHashOrThrow(`Bearer ${token}`)).toBe(hash);
    }
  });

  it.each(["inlet_key_a.b", "inlet_key_a b", `inlet_key_${"a".repeat(91)}`, "inlet_share_abc", "pk_live"])("refuses %s as lib/access does", async (token) => {
    expect(isTokenOf("apiKey", token)).toBe(false);
    await expect(apiKeyHashOrThrow(`Bearer ${token}`)).rejects.toMatchObject({ code: "invalid_api_key" });
  });
});
