import { beforeAll, expect, it } from "vitest";
import { schema } from "@/lib/db";
import { Random } from "@/lib/seed/random";
import { describeEachDatabase } from "@/lib/testing/databases";
import { dailyPageviewsFromLog, dailyPageviewsReadModel, prepareSites } from "@/lib/testing/projection-fixtures";
import { dailyPageviewsProjection } from "./daily-pageviews";
import { catchUp, rebuild } from "./run-projection";

describeEachDatabase("daily pageviews projection", (database) => {
  const rng = new Random(7); // seeded, so a failure replays
  const random = () => rng.next();
  let siteIds: string[] = [];

  async function appendRandomEvents(count: number) {
    const rows = Array.from({ length: count }, () => ({
      siteId: siteIds[Math.floor(random() * siteIds.length)]!,
      id: crypto.randomUUID(),
      name: random() < 0.8 ? "pageview" : "signup",
      // Spread over days and around midnight, where time zones matter.
      ts: new Date(Date.parse("2026-03-01T00:00:00Z") + Math.floor(random() * 20 * 86_400_000)),
      visitorId: "v",
    }));
    await database().db.insert(schema.events).values(rows);
  }

  beforeAll(async () => {
    siteIds = await prepareSites(database().db, "daily");
  });

  it("counts pageviews per site-local day, batch by batch, like the raw log", async () => {
    const { db } = database();
    for (let round = 0; round < 5; round++) {
      await appendRandomEvents(300);
      // Small batches exercise many checkpoints.
      expect(await catchUp(db, dailyPageviewsProjection, 97)).toBe(300);
      expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
    }
  });

  it("gives after a rebuild exactly what incremental projection gave", async () => {
    const { db } = database();
    await appendRandomEvents(500);
    expect(await catchUp(db, dailyPageviewsProjection)).toBe(500);
    const incremental = await dailyPageviewsReadModel(db);
    expect(await rebuild(db, dailyPageviewsProjection)).toBe(2_000);
    expect(await dailyPageviewsReadModel(db)).toEqual(incremental);
    expect(incremental).toEqual(await dailyPageviewsFromLog(db));
  });
});
