import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-jobs-lake-"));
let opened: DatabaseHandle | undefined;

afterAll(async () => {
  const { stopInProcessJobs } = await import("./in-process-jobs");
  await stopInProcessJobs();
  await opened?.close();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("brings the lake up to the log, merging closed days, inside the app process when the jobs start", async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_DRIVER", "");
  vi.stubEnv("JOBS", "in-process");
  const { startInProcessJobs } = await import("./in-process-jobs");
  const { appDatabase, schema } = await import("@/lib/db");
  opened = await appDatabase(); // the database the jobs use: events are there before they start
  const { db } = opened;
  const [org] = await db.insert(schema.organisations).values({ name: "Jobs lake" }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: "Jobs lake", publicKey: "pk_jobs_lake" }).returning();
  const ts = new Date(Date.now() - 2 * 24 * 3600_000);
  await db.insert(schema.events).values([0, 1, 2].map(() => ({ siteId: site!.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "v" })));
  await startInProcessJobs();

  for (let waited = 0; ; waited += 100) {
    const files = await db.select().from(schema.lakeFiles).where(eq(schema.lakeFiles.kind, "daily"));
    if (files.length > 0) {
      expect(files).toMatchObject([{ siteId: site!.id, kind: "daily", day: ts.toISOString().slice(0, 10), rows: 3 }]);
      expect(fs.existsSync(path.join(dataDir, "lake", files[0]!.key))).toBe(true);
      break;
    }
    expect(waited, "no lake file yet").toBeLessThan(15_000);
    await sleep(100);
  }
});
