import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-jobs-"));
let opened: DatabaseHandle | undefined;

afterAll(async () => {
  const { stopInProcessJobs } = await import("./in-process-jobs");
  await stopInProcessJobs();
  await opened?.close();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("keeps the embedded database's read models caught up inside the app process", async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_DRIVER", "");
  vi.stubEnv("JOBS", "in-process");
  const { startInProcessJobs } = await import("./in-process-jobs");
  const { appDatabase, schema } = await import("@/lib/db");
  await startInProcessJobs();

  opened = await appDatabase();
  const { db } = opened;
  const [org] = await db.insert(schema.organisations).values({ name: "Jobs" }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Jobs", publicKey: "pk_jobs", timeZone: "Asia/Tokyo" }).returning();
  const ts = new Date("2026-03-01T20:00:00Z"); // already March 2 in Tokyo
  await db.insert(schema.events).values([0, 1].map(() => ({ siteId: site!.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "v" })));

  const expected = [{ siteId: site!.id, day: "2026-03-02", pageviews: 2 }];
  for (let waited = 0; ; waited += 100) {
    const rows = await db.select().from(schema.dailyPageviews);
    if (JSON.stringify(rows) === JSON.stringify(expected)) break;
    expect(waited, `read model still ${JSON.stringify(rows)}`).toBeLessThan(10_000);
    await sleep(100);
  }
});
