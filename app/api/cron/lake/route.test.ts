import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db";

const SECRET = "a-cron-secret-for-the-tests-0123456789";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-cron-lake-"));

/** The route with a fresh env(): the environment is read once per module load. */
async function loadRoute(vars: Record<string, string>) {
  vi.resetModules();
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_DRIVER", "");
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return import("./route");
}

const call = (GET: (request: Request) => Promise<Response>, authorization?: string) =>
  GET(new Request("http://localhost/api/cron/lake", { headers: authorization === undefined ? {} : { authorization } }));

afterEach(() => {
  vi.unstubAllEnvs();
});
let opened: DatabaseHandle | undefined;
afterAll(async () => {
  await opened?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/cron/lake", () => {
  it("is closed with 503, naming CRON_SECRET, until the secret is configured", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: "" });
    const response = await call(GET, `Bearer ${SECRET}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "not_configured", message: expect.stringContaining("CRON_SECRET") } });
  });

  it("answers 401 without the right bearer token", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: SECRET });
    for (const authorization of [undefined, "", SECRET, `Bearer ${SECRET}x`, `Basic ${SECRET}`]) {
      const response = await call(GET, authorization);
      expect(response.status, String(authorization)).toBe(401);
    }
  });

  it("brings the lake up to the log, merges closed days into daily files, then has nothing left to do", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: SECRET });
    const { appDatabase, schema } = await import("@/lib/db");
    opened = await appDatabase(); // the embedded database under dataDir, as the route opens it
    const { db } = opened;
    const [org] = await db.insert(schema.organisations).values({ name: "Cron lake" }).returning();
    const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Cron lake", publicKey: "pk_cron_lake" }).returning();
    const closed = new Date(Date.now() - 3 * 24 * 3600_000);
    const today = new Date();
    await db.insert(schema.events).values([closed, closed, today].map((ts) => ({ siteId: site!.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "v" })));

    const response = await call(GET, `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    const day = closed.toISOString().slice(0, 10);
    expect(await response.json()).toMatchObject({ batches: 1, rows: 3, compacted: [{ siteId: site!.id, kind: "daily", day, files: 1, rows: 2 }], failed: [], outOfTime: false, lagMs: 0 });
    const files = await db.select().from(schema.lakeFiles);
    expect(files.map(({ kind, rows }) => [kind, rows]).sort()).toEqual([["daily", 2], ["micro", 1]]);
    for (const file of files) expect(fs.statSync(path.join(dataDir, "lake", file.key)).size).toBe(file.bytes);

    const again = await call(GET, `Bearer ${SECRET}`);
    expect(await again.json()).toMatchObject({ batches: 0, rows: 0, compacted: [] });
  });
});
