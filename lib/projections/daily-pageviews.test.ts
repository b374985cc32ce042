import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { queryRows, schema } from "@/lib/db";
import { Random } from "@/lib/seed/random";
import { describeEachDatabase } from "@/lib/testing/databases";
import { dailyPageviewsProjection } from "./daily-pageviews";
import { catchUp, projectBatch, rebuild } from "./run-projection";

describeEachDatabase("daily pageviews projection", (database) => {
  const rng = new Random(7); // seeded, so a failure replays
  const random = () => rng.next();
  const siteIds: string[] = [];

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

  /** The reference, computed straight from the log. */
  const fromRawEvents = () =>
    queryRows<{ site_id: string; day: string; pageviews: number }>(
      database().db,
      sql`SELECT e.site_id, to_char((e.ts AT TIME ZONE s.time_zone)::date, 'YYYY-MM-DD') AS day, count(*)::int AS pageviews
          FROM events e JOIN sites s ON s.id = e.site_id WHERE e.name = 'pageview' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  const fromReadModel = () =>
    queryRows<{ site_id: string; day: string; pageviews: number }>(
      database().db,
      sql`SELECT site_id, to_char(day, 'YYYY-MM-DD') AS day, pageviews::int AS pageviews FROM daily_pageviews ORDER BY 1, 2`,
    );

  beforeAll(async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    for (const [i, timeZone] of ["UTC", "America/Los_Angeles", "Asia/Tokyo"].entries()) {
      const [site] = await db.insert(schema.sites).values({ organisationId: org!.id, name: `s${i}`, publicKey: `pk_proj_${i}`, timeZone }).returning();
      siteIds.push(site!.id);
    }
  });

  it("counts pageviews per site-local day, batch by batch, like the raw log", async () => {
    for (let round = 0; round < 5; round++) {
      await appendRandomEvents(300);
      // Small batches exercise many checkpoints.
      while ((await projectBatch(database().db, dailyPageviewsProjection, 97)) > 0);
      expect(await fromReadModel()).toEqual(await fromRawEvents());
    }
  });

  it("gives after a rebuild exactly what incremental projection gave", async () => {
    await appendRandomEvents(500);
    await catchUp(database().db, dailyPageviewsProjection);
    const incremental = await fromReadModel();
    await rebuild(database().db, dailyPageviewsProjection);
    expect(await fromReadModel()).toEqual(incremental);
    expect(incremental).toEqual(await fromRawEvents());
  });
});
