import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows, type Database } from "@/lib/db";
import { projections } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { generateTraffic } from "./generate-traffic";
import { seedDemo, type SeedProgress } from "./index";

const end = new Date("2026-11-15T12:34:00Z");
const options = { events: 3_000, days: 10, seed: 7, end };

async function storedEvents(db: Database, siteId: string) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`SELECT id, name, ts, visitor_id, path, referrer_host, utm_source, country, city, browser, props FROM events WHERE site_id = ${siteId} ORDER BY id`,
  );
}

async function dailyPageviews(db: Database, siteId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ day: string; pageviews: number }>(
    db,
    sql`SELECT day::text AS day, pageviews::int AS pageviews FROM daily_pageviews WHERE site_id = ${siteId} ORDER BY day`,
  );
  return Object.fromEntries(rows.map((row) => [row.day, row.pageviews]));
}

async function pageviewsCountedFromEvents(db: Database, siteId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ day: string; pageviews: number }>(
    db,
    sql`SELECT (e.ts AT TIME ZONE s.time_zone)::date::text AS day, count(*)::int AS pageviews
        FROM events e JOIN sites s ON s.id = e.site_id
        WHERE e.site_id = ${siteId} AND e.name = 'pageview' GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.day, row.pageviews]));
}

describeEachDatabase("seedDemo", (database) => {
  it("loads exactly the events asked for and rebuilds daily pageviews in the site's time zone", async () => {
    const handle = database();
    const progress: SeedProgress[] = [];
    const result = await seedDemo({ handle, ...options, onProgress: (update) => progress.push(update) });

    expect(result.events).toBe(3_000);
    expect(result.range).toEqual({ start: new Date(end.getTime() - 10 * 86_400_000), end });
    expect(result.credentials).toEqual({ email: "demo@inlet.dev", password: "inlet-demo-password" });
    const [count] = await queryRows<{ count: number; first: Date | string; last: Date | string }>(
      handle.db,
      sql`SELECT count(*)::int AS count, min(ts) AS first, max(ts) AS last FROM events WHERE site_id = ${result.siteId}`,
    );
    expect(count!.count).toBe(3_000);
    expect(new Date(count!.first).getTime()).toBeGreaterThanOrEqual(result.range.start.getTime());
    expect(new Date(count!.last).getTime()).toBeLessThan(end.getTime());
    expect(progress).toContainEqual({ phase: "load", loaded: 3_000, total: 3_000 });
    for (const name of Object.keys(projections)) expect(progress).toContainEqual({ phase: "project", projection: name });

    const projected = await dailyPageviews(handle.db, result.siteId);
    expect(Object.keys(projected).length).toBeGreaterThanOrEqual(10);
    expect(projected).toEqual(await pageviewsCountedFromEvents(handle.db, result.siteId));

    // The same numbers, counted from the generator with Berlin days computed in JavaScript.
    const berlinDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });
    const expected: Record<string, number> = {};
    for (const row of generateTraffic({ ...options, siteId: result.siteId, timeZone: "Europe/Berlin" })) {
      if (row.name === "pageview") expected[berlinDay.format(row.ts)] = (expected[berlinDay.format(row.ts)] ?? 0) + 1;
    }
    expect(projected).toEqual(expected);
  });

  it("gives the same events on a re-run with the same seed, and different ones with another", async () => {
    const handle = database();
    const first = await seedDemo({ handle, ...options });
    const before = await storedEvents(handle.db, first.siteId);
    const pageviewsBefore = await dailyPageviews(handle.db, first.siteId);

    const again = await seedDemo({ handle, ...options });
    expect(again.siteId).toBe(first.siteId);
    expect(await storedEvents(handle.db, first.siteId)).toEqual(before);
    expect(await dailyPageviews(handle.db, first.siteId)).toEqual(pageviewsBefore);

    await seedDemo({ handle, ...options, seed: 8 });
    const other = await storedEvents(handle.db, first.siteId);
    expect(other).toHaveLength(3_000);
    const ids = new Set(before.map((row) => row.id));
    expect(other.filter((row) => ids.has(row.id))).toHaveLength(0);
    expect(await dailyPageviews(handle.db, first.siteId)).toEqual(await pageviewsCountedFromEvents(handle.db, first.siteId));
  });

  it("checks its options before touching the database", async () => {
    const handle = database();
    const before = await queryRows<{ count: number }>(handle.db, sql`SELECT count(*)::int AS count FROM events`);
    await expect(seedDemo({ handle, ...options, days: 0 })).rejects.toThrow(/days/);
    expect(await queryRows<{ count: number }>(handle.db, sql`SELECT count(*)::int AS count FROM events`)).toEqual(before);
  });
});
