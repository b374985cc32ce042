import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import type { EdgeRuntime } from "edge-runtime";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as serveInternalRoute } from "@/app/api/internal/collector/route";
import { newToken } from "@/lib/access/secret-tokens";
import { appDatabase, getDb, schema, type Database } from "@/lib/db";
import { freshDatabase, type TestDatabase } from "@/lib/testing/databases";
import { bundleRouteForEdge, edgeSandbox } from "@/lib/testing/edge-sandbox";
import type { CollectResponse } from "./collector-app";
import { INTERNAL_COLLECTOR_PATH } from "./internal-protocol";

// The production route, bundled and run the way the Edge runtime runs it:
// no Node APIs, its own fetch and WebSocket, configuration from process.env.
const ROUTE = "@/app/api/collect/route";
const KEY = "pk_edge_runtime_test";
const SECRET = "edge-runtime-test-secret-0123456789abcdef";
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

let script = "";
let bundledInputs: string[] = [];

beforeAll(async () => {
  ({ script, inputs: bundledInputs } = await bundleRouteForEdge(ROUTE));
});

function pageview(path = "/pricing") {
  return { id: uuidv7(), name: "pageview", ts: Date.now(), url: `https://example.com${path}`, referrer: "https://www.google.com/" };
}

function post(sandbox: EdgeRuntime, body: unknown, headers: Record<string, string> = {}) {
  return sandbox.dispatchFetch("https://inlet.test/api/collect", {
    method: "POST",
    headers: {
      "content-type": "text/plain",
      origin: "https://example.com",
      "user-agent": CHROME,
      "x-real-ip": "203.0.113.9",
      "x-vercel-ip-country": "DE",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

async function seedSite(db: Database): Promise<string> {
  const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
  const [site] = await db
    .insert(schema.sites)
    .values({ organisationId: org!.id, name: "Site", publicKey: KEY, allowedDomains: ["example.com"] })
    .returning();
  return site!.id;
}

/** An API key of the site's organisation; returns the key as a server would send it. */
async function seedApiKey(db: Database, fields: { scope: "read" | "ingest"; revokedAt?: Date }): Promise<string> {
  const [site] = await db.select().from(schema.sites).where(eq(schema.sites.publicKey, KEY));
  const { token, hash, displayPrefix } = newToken("apiKey");
  await db.insert(schema.apiKeys).values({ organisationId: site!.organisationId, name: "server", prefix: displayPrefix, secretHash: hash, ...fields });
  return token;
}

function storedEvents(db: Database, ids: string[]) {
  return db.select().from(schema.events).where(inArray(schema.events.id, ids));
}

describe("the collector's Edge bundle", () => {
  it("holds the production route and backend selection, and both drivers' code", () => {
    expect(bundledInputs).toEqual(
      expect.arrayContaining([
        "app/api/collect/route.ts",
        "lib/ingest/configured-backend.ts",
        "edge/collector/internal-http-backend.ts",
        expect.stringMatching(/^node_modules\/@neondatabase\/serverless\//),
      ]),
    );
  });

  it("cannot be made from code that needs Node (the Node side's own route)", async () => {
    await expect(bundleRouteForEdge("@/app/api/internal/collector/route")).rejects.toThrow(/node:/);
  });
});

/**
 * Embedded default: the sandboxed collector hands each call over HTTP to the
 * real Node-side route, served from a loopback port over the app's own
 * embedded database (a PGlite data dir of this test's own).
 */
describe("the collector in an Edge sandbox, embedded default (HTTP handoff to the Node side)", () => {
  let dataDir = "";
  let server: http.Server | undefined;
  let internalUrl = "";
  let db: Database;
  let sandbox: EdgeRuntime;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "inlet-edge-runtime-"));
    // The Node side reads its configuration through lib/env.ts like the app does.
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("AUTH_SECRET", SECRET);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("DATABASE_DRIVER", "");
    db = await getDb();
    await seedSite(db);
    ({ server, url: internalUrl } = await serveNodeSide());
    sandbox = edgeSandbox(script, { AUTH_SECRET: SECRET, INTERNAL_URL: internalUrl });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (db) await (await appDatabase()).close();
    vi.unstubAllEnvs();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("answers 202 only once the Node side has committed the events", async () => {
    const events = [pageview("/pricing"), pageview("/docs")];
    const response = await post(sandbox, { site: KEY, sent_at: Date.now(), events });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual<CollectResponse>({ accepted: 2, rejected: [] });
    const rows = await storedEvents(db, events.map((e) => e.id));
    expect(rows.map((r) => r.path).sort()).toEqual(["/docs", "/pricing"]);
    expect(rows[0]).toMatchObject({ country: "DE", browser: "Chrome", hostname: "example.com", referrerHost: "google.com" });
  });

  it("answers a bad batch with a 4xx naming the field, and stores nothing", async () => {
    const event = pageview();
    const response = await post(sandbox, { site: KEY, events: [event] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_batch", message: expect.stringMatching(/^sent_at: /) } });

    const badId = { ...pageview(), id: "not-a-uuid" };
    const mixed = await post(sandbox, { site: KEY, sent_at: Date.now(), events: [badId] });
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({
      error: { code: "invalid_batch", details: { rejected: [{ index: 0, error: expect.stringMatching(/^id: /) }] } },
    });
    expect(await storedEvents(db, [event.id])).toHaveLength(0);
  });

  it("takes a server's visitor with an ingest key, the key checked on the Node side", async () => {
    const key = await seedApiKey(db, { scope: "ingest" });
    const event = pageview();
    const response = await post(
      sandbox,
      { site: KEY, sent_at: Date.now(), events: [event] },
      { authorization: `Bearer ${key}`, origin: "", "user-agent": "node", "x-inlet-visitor-ip": "198.51.100.4", "x-inlet-visitor-user-agent": FIREFOX },
    );
    expect(response.status).toBe(202);
    const [row] = await storedEvents(db, [event.id]);
    expect(row).toMatchObject({ browser: "Firefox", os: "Windows", country: null });
  });

  it("refuses a revoked key with 401 and a read key with 403 through the hand-off, storing nothing", async () => {
    for (const [fields, status] of [
      [{ scope: "ingest", revokedAt: new Date() }, 401],
      [{ scope: "read" }, 403],
    ] as const) {
      const event = pageview();
      const response = await post(sandbox, { site: KEY, sent_at: Date.now(), events: [event] }, { authorization: `Bearer ${await seedApiKey(db, fields)}` });
      expect(response.status).toBe(status);
      expect(await storedEvents(db, [event.id])).toHaveLength(0);
    }
  });

  it("answers 503 and stores nothing when the Node side refuses its token", async () => {
    const wrongSecret = edgeSandbox(script, { AUTH_SECRET: `${SECRET}-but-another`, INTERNAL_URL: internalUrl });
    const event = pageview();
    const response = await post(wrongSecret, { site: KEY, sent_at: Date.now(), events: [event] });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
    expect(await storedEvents(db, [event.id])).toHaveLength(0);
  });
});

/**
 * Production: DATABASE_DRIVER=neon, so the sandboxed collector writes through
 * the Neon serverless driver, here to real Postgres through a websockify
 * proxy. The driver uses the sandbox's own global WebSocket (edge-runtime has
 * one, as the Edge runtime does): none is passed in. No Node side is running.
 */
const neonTarget = { url: process.env.TEST_DATABASE_URL, wsProxy: process.env.TEST_NEON_WS_PROXY };

describe.skipIf(!neonTarget.url || !neonTarget.wsProxy)("the collector in an Edge sandbox, production (Neon from the edge)", () => {
  let handle: TestDatabase | undefined;
  let sandbox: EdgeRuntime;

  beforeAll(async () => {
    handle = await freshDatabase({ driver: "pg", url: neonTarget.url! });
    await seedSite(handle.db);
    sandbox = edgeSandbox(script, { DATABASE_DRIVER: "neon", DATABASE_URL: handle.url!, NEON_WS_PROXY: neonTarget.wsProxy! });
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("stores a batch sent twice exactly once", async () => {
    const events = [pageview("/a"), pageview("/b")];
    const batch = { site: KEY, sent_at: Date.now(), events };
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await post(sandbox, batch);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual<CollectResponse>({ accepted: 2, rejected: [] });
    }
    const rows = await storedEvents(handle!.db, events.map((e) => e.id));
    expect(rows.map((r) => r.path).sort()).toEqual(["/a", "/b"]);
  });
});

/** The Node-side route on a loopback port, as Next would serve it. */
async function serveNodeSide(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    if (incoming.method !== "POST" || url.pathname !== INTERNAL_COLLECTOR_PATH) {
      outgoing.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
    const response = await serveInternalRoute(new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) }));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}
