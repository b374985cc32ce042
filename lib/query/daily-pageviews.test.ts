import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { catchUp, projections } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { getDailyPageviews } from "./daily-pageviews";

// Mid-window daylight-saving changes on both sides: the US springs forward on
// 2026-03-08, New Zealand falls back on 2026-04-05.
const NOW = new Date("2026-03-10T12:00:00Z");
const DAY_MS = 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD, by the JavaScript runtime's tz data. */
function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}

/** The expected answer, counted straight from the raw events, without SQL. */
function countFromEvents(events: { name: string; ts: Date }[], timeZone: string, days: number) {
  const today = localDay(NOW, timeZone);
  const window = Array.from({ length: days }, (_, i) => shiftDay(today, i - days + 1));
  const counts = new Map(window.map((day) => [day, 0]));
  for (const event of events) {
    if (event.name !== "pageview") continue;
    const day = localDay(event.ts, timeZone);
    if (counts.has(day)) counts.set(day, counts.get(day)! + 1);
  }
  const series = window.map((day) => ({ day, pageviews: counts.get(day)! }));
  return { days: series, total: series.reduce((sum, row) => sum + row.pageviews, 0) };
}

describeEachDatabase("daily pageviews query", (database) => {
  it("matches a count made from the raw events, in each site's own time zone", async () => {
    const { db } = database();
    const [organisation] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    const zones = ["Pacific/Auckland", "America/Los_Angeles", "UTC"];
    const sites = await db
      .insert(schema.sites)
      .values(zones.map((timeZone, i) => ({ organisationId: organisation!.id, name: timeZone, publicKey: `pk_test_${i}`, timeZone })))
      .returning();

    const next = random(42);
    const eventsBySite = new Map<string, { name: string; ts: Date }[]>();
    const rows = [];
    for (const site of sites) {
      const events: { name: string; ts: Date }[] = [];
      // 40 days back (some fall outside the window) to a day ahead (clock skew: after "today").
      for (let i = 0; i < 600; i++) {
        const ts = new Date(NOW.getTime() - 40 * DAY_MS + Math.floor(next() * 41 * DAY_MS));
        events.push({ name: next() < 0.8 ? "pageview" : "signup", ts });
      }
      // Either side of local midnight, where a time zone mistake shows first.
      const midnight = Date.parse(`${shiftDay(localDay(NOW, site.timeZone), -3)}T00:00:00Z`);
      for (const offsetHours of [-14, -13, -12, -8, -1, 0, 1, 8, 12, 13, 14]) {
        events.push({ name: "pageview", ts: new Date(midnight - offsetHours * 3_600_000 - 1) });
        events.push({ name: "pageview", ts: new Date(midnight - offsetHours * 3_600_000) });
      }
      eventsBySite.set(site.id, events);
      rows.push(...events.map((event) => ({ siteId: site.id, id: randomUUID(), name: event.name, ts: event.ts, visitorId: "v" })));
    }
    await db.insert(schema.events).values(rows);
    await catchUp(db, projections.daily_pageviews!);

    for (const site of sites) {
      const actual = await getDailyPageviews(site, { days: 30, now: NOW }, db);
      const expected = countFromEvents(eventsBySite.get(site.id)!, site.timeZone, 30);
      expect(actual, site.timeZone).toEqual(expected);
      expect(actual.total).toBeGreaterThan(0);
    }
  });

  it("fills a site without data with zeros, ending today in the site's time zone", async () => {
    const { db } = database();
    const [organisation] = await db.insert(schema.organisations).values({ name: "Empty org" }).returning();
    const [site] = await db
      .insert(schema.sites)
      .values({ organisationId: organisation!.id, name: "Empty", publicKey: "pk_test_empty", timeZone: "Pacific/Kiritimati" })
      .returning();
    // 12:00 UTC is already the next day in UTC+14.
    const result = await getDailyPageviews(site!, { days: 7, now: NOW }, db);
    expect(result.total).toBe(0);
    expect(result.days.map((row) => row.day)).toEqual(["2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"]);
    expect(result.days.every((row) => row.pageviews === 0)).toBe(true);
  });

  it("refuses a nonsensical window", async () => {
    await expect(getDailyPageviews({ id: randomUUID(), timeZone: "UTC" }, { days: 0 }, database().db)).rejects.toThrow(RangeError);
  });
});
