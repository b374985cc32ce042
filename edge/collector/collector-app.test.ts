import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { schema } from "@/lib/db";
import { databaseBackend } from "@/lib/ingest";
import { describeEachDatabase } from "@/lib/testing/databases";
import { sequentialUuidv7 } from "@/lib/testing/sequential-uuidv7";
import { createCollectorApp, type CollectResponse } from "./collector-app";

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
