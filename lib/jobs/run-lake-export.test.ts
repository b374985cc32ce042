import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import type { LakeStep } from "@/lib/lake/run-lake-step";
import { MemoryBlobStore } from "@/lib/lake/testing/memory-blob-store";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { runLakeExportLoop } from "./run-lake-export";

describeEachDatabase("runLakeExportLoop", (database) => {
  it("brings the lake up to the log at start and again every interval, merging closed days, until aborted", async () => {
    const { db } = database();
    const [site] = await prepareSites(db, "loop", ["UTC"]);
    const event = (iso: string) => ({ siteId: site!, id: crypto.randomUUID(), name: "pageview", ts: new Date(iso), visitorId: "v" });
    await db.insert(schema.events).values([event("2026-06-01T12:00:00Z"), event("2026-06-02T12:00:00Z")]);
    const store = new MemoryBlobStore();
    const runs: LakeStep[] = [];
    const controller = new AbortController();
    const loop = runLakeExportLoop(db, store, { signal: controller.signal, everyMs: 50, now: () => new Date("2026-06-02T18:00:00Z"), onRun: (run) => runs.push(run) });
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done(); waited += 20) {
        expect(waited, "the loop did not run").toBeLessThan(10_000);
        await sleep(20);
      }
    };
    const files = () => db.select({ kind: schema.lakeFiles.kind, day: schema.lakeFiles.day, rows: schema.lakeFiles.rows }).from(schema.lakeFiles).where(eq(schema.lakeFiles.siteId, site!)).orderBy(schema.lakeFiles.day);
    // A run finds nothing while another test file's transaction holds the
    // server's xmin below the new events (lib/lake/export-micro-batch.ts), so
    // the first run may export nothing; later runs catch up.
    await until(() => runs.reduce((rows, run) => rows + run.rows, 0) >= 2);
    expect(runs.reduce((rows, run) => rows + run.rows, 0)).toBe(2);
    await until(() => runs.at(-1)!.lagMs === 0);
    // June 1 is closed: merged into its daily file; June 2 is open and keeps its micro file.
    expect(await files()).toEqual([
      { kind: "daily", day: "2026-06-01", rows: 1 },
      { kind: "micro", day: "2026-06-02", rows: 1 },
    ]);
    await db.insert(schema.events).values(event("2026-06-01T13:00:00Z")); // late
    const seen = runs.length;
    await until(() => runs.slice(seen).some((run) => run.compaction.compacted.length > 0));
    expect(await files()).toEqual([
      { kind: "daily", day: "2026-06-01", rows: 2 },
      { kind: "micro", day: "2026-06-02", rows: 1 },
    ]);
    controller.abort();
    await loop;
    const stopped = runs.length;
    await sleep(150);
    expect(runs.length).toBe(stopped);
  });
});
