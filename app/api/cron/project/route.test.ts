import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db";

const SECRET = "a-cron-secret-for-the-tests-0123456789";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-cron-"));

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
  GET(new Request("http://localhost/api/cron/project", { headers: authorization === undefined ? {} : { authorization } }));

afterEach(() => {
  vi.unstubAllEnvs();
});
let opened: DatabaseHandle | undefined;
afterAll(async () => {
  await opened?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/cron/project", () => {
  it("is closed with 503, naming CRON_SECRET, until the secret is configured", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: "" });
    const response = await call(GET, `Bearer ${SECRET}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "not_configured", message: expect.stringContaining("CRON_SECRET") } });
  });

  it("answers 401 without the right bearer token", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: SECRET });
    for (const authorization of [undefined, "", SECRET, `Bearer ${SECRET.slice(0, -1)}`, `Bearer ${SECRET}x`, `bearer ${SECRET}`, `Basic ${SECRET}`]) {
      const response = await call(GET, authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });

  it("projects the log and reports each projection's lag", async () => {
    const { GET } = await loadRoute({ CRON_SECRET: SECRET });
    const { appDatabase, schema } = await import("@/lib/db");
    opened = await appDatabase(); // the embedded database under dataDir, as the route opens it
    const { db } = opened;
    const [org] = await db.insert(schema.organisations).values({ name: "Cron" }).returning();
    const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Cron", publicKey: "pk_cron" }).returning();
    const ts = new Date("2026-03-01T12:00:00Z");
    await db.insert(schema.events).values([0, 1, 2].map(() => ({ siteId: site!.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "v" })));

    const response = await call(GET, `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { applied: Record<string, number>; outOfTime: boolean; lag: { name: string; lagMs: number }[] };
    expect(body.applied).toMatchObject({ daily_pageviews: 3 });
    expect(body.outOfTime).toBe(false);
    expect(body.lag.length).toBeGreaterThan(0);
    for (const lag of body.lag) expect(lag).toMatchObject({ lagMs: 0, oldestUnprojectedAt: null });
    expect(await db.select().from(schema.dailyPageviews)).toEqual([{ siteId: site!.id, day: "2026-03-01", pageviews: 3 }]);
  });
});
