import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, expect, it, vi } from "vitest";
import { projectionLag, type Projection } from "@/lib/projections";
import { dailyPageviewsProjection } from "@/lib/projections/daily-pageviews";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, dailyPageviewsFromLog, dailyPageviewsReadModel, prepareSites } from "@/lib/testing/projection-fixtures";
import { projectWithinBudget, runProjectionLoop } from "./run-projections";

const failing: Projection = {
  name: "failing",
  apply: async () => {
    throw new Error("boom");
  },
  reset: async () => {},
};

describeEachDatabase("projection jobs", (database) => {
  let siteIds: string[];
  beforeAll(async () => {
    siteIds = await prepareSites(database().db, "jobs");
  });

  it("projects within a budget, reporting what it applied and what failed", async () => {
    const { db } = database();
    await appendTraffic(db, siteIds, { events: 120, seed: 1 });
    const silenced = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await projectWithinBudget(db, [dailyPageviewsProjection], { budgetMs: 0 })).toEqual({
        applied: { daily_pageviews: 0 },
        failed: [],
        outOfTime: true,
      });
      const run = await projectWithinBudget(db, [failing, dailyPageviewsProjection], { budgetMs: 10_000, batchSize: 50 });
      expect(run).toEqual({ applied: { failing: 0, daily_pageviews: 120 }, failed: ["failing"], outOfTime: false });
      expect(silenced).toHaveBeenCalled();
    } finally {
      silenced.mockRestore();
    }
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
  });

  it("keeps projections caught up until aborted, reporting lag", async () => {
    const { db } = database();
    const controller = new AbortController();
    const lags: number[] = [];
    const loop = runProjectionLoop(db, [dailyPageviewsProjection], {
      signal: controller.signal,
      batchSize: 40,
      idleMs: 20,
      lagEveryMs: 0,
      onLag: (lag) => lags.push(lag[0]!.lagMs),
    });
    await appendTraffic(db, siteIds, { events: 200, seed: 2 });
    for (let waited = 0; (await projectionLag(db, [dailyPageviewsProjection]))[0]!.lagMs > 0; waited += 20) {
      expect(waited, "the loop did not catch up").toBeLessThan(10_000);
      await sleep(20);
    }
    controller.abort();
    await loop;
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
    expect(lags.some((lag) => lag > 0)).toBe(true);
    expect(lags.at(-1)).toBe(0);

    // Stopped: new events stay unprojected.
    await appendTraffic(db, siteIds, { events: 10, seed: 3 });
    await sleep(100);
    expect((await projectionLag(db, [dailyPageviewsProjection]))[0]!.lagMs).toBeGreaterThan(0);
  });
});
