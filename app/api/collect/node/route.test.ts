import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appDatabase, getDb, schema, type Database } from "@/lib/db";

const KEY = "pk_node_route_test";
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** The route the embedded build serves POST /api/collect from, over the app's own embedded database. */
describe("the collector's Node route", () => {
  let dataDir = "";
  let db: Database;
  let POST: (request: Request) => Response | Promise<Response>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "inlet-node-route-"));
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("AUTH_SECRET", "node-route-test-secret-0123456789abcdef");
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("DATABASE_DRIVER", "");
    db = await getDb();
    const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    await db.insert(schema.sites).values({ organisationId: org!.id, name: "Site", publicKey: KEY, allowedDomains: ["example.com"] });
    ({ POST } = await import("./route"));
  });

  afterAll(async () => {
    if (db) await (await appDatabase()).close();
    vi.unstubAllEnvs();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function post(events: unknown[]) {
    // The URL a rewrite hands the route: the handler must not depend on its own path.
    return POST(
      new Request("http://127.0.0.1/api/collect/node", {
        method: "POST",
        headers: { "content-type": "text/plain", origin: "https://example.com", "user-agent": CHROME, "x-real-ip": "203.0.113.7" },
        body: JSON.stringify({ site: KEY, sent_at: Date.now(), events }),
      }),
    );
  }

  it("answers concurrent batches 202 only once each one's rows are in the log, each id once", async () => {
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => ({ id: uuidv7(), name: "pageview", ts: Date.now(), url: `https://example.com/p/${b}/${i}` })),
    );
    // One batch is sent twice at once: a retry racing its original.
    const responses = await Promise.all([...batches, batches[0]!].map(post));
    for (const response of responses) {
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 5, rejected: [] });
    }
    const ids = batches.flat().map((event) => event.id);
    const rows = await db.select({ id: schema.events.id, browser: schema.events.browser }).from(schema.events).where(inArray(schema.events.id, ids));
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((row) => row.browser))).toEqual(new Set(["Chrome"]));
  });

  it("names the problem in a 4xx and stores nothing for a bad batch", async () => {
    const response = await post([{ id: "not-a-uuid", name: "pageview", ts: Date.now(), url: "https://example.com/" }]);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/id/);
  });
});
