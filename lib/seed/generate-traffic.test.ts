import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateTraffic, trafficRange, type SeedEvent, type TrafficOptions } from "./generate-traffic";

const base: TrafficOptions = {
  siteId: "00000000-0000-4000-8000-0000000000aa",
  events: 20_000,
  days: 30,
  end: new Date("2026-11-15T12:34:00Z"),
  seed: 42,
  timeZone: "Europe/Berlin",
};

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function digest(rows: Iterable<SeedEvent>): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(JSON.stringify(row));
  return hash.digest("hex");
}

function localHourAndWeekday(timeZone: string): (date: Date) => { hour: number; weekday: string } {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "2-digit", weekday: "short" });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
    return { hour: Number(parts.hour), weekday: parts.weekday! };
  };
}

const rows = [...generateTraffic(base)];
const localDateOf = (date: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: base.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);

describe("generateTraffic", () => {
  it("yields exactly the number of events asked for", () => {
    expect(rows).toHaveLength(20_000);
    for (const [events, days] of [
      [0, 30],
      [1, 1],
      [7, 30],
      [1_234, 3],
      [50_001, 2],
    ] as const) {
      let count = 0;
      for (const _ of generateTraffic({ ...base, events, days })) count++;
      expect(count, `${events} events over ${days} days`).toBe(events);
    }
  });

  it("gives identical events for the same seed and different ones for another", () => {
    expect(digest(generateTraffic(base))).toBe(digest(rows));
    const other = [...generateTraffic({ ...base, seed: 43 })];
    expect(other).toHaveLength(rows.length);
    expect(digest(other)).not.toBe(digest(rows));
    expect(new Set(other.map((row) => row.id)).size).toBe(other.length);
    expect(other.filter((row, index) => row.id === rows[index]!.id)).toHaveLength(0);
  });

  it("gives every event a unique UUIDv7 carrying its own time", () => {
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.id).toMatch(UUID_V7);
      expect(parseInt(row.id.replace(/-/g, "").slice(0, 12), 16)).toBe(row.ts.getTime());
    }
  });

  it("keeps every event inside the range, in time order, received a moment later", () => {
    const { start, end } = trafficRange(base);
    expect(end.getTime() - start.getTime()).toBe(30 * 86_400_000);
    let previous = 0;
    for (const row of rows) {
      const ts = row.ts.getTime();
      expect(ts).toBeGreaterThanOrEqual(start.getTime());
      expect(ts).toBeLessThan(end.getTime());
      expect(ts).toBeGreaterThanOrEqual(previous);
      previous = ts;
      const delay = row.receivedAt.getTime() - ts;
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
    // The range is filled from its first hours to its last.
    expect(rows[0]!.ts.getTime() - start.getTime()).toBeLessThan(3_600_000);
    expect(end.getTime() - rows.at(-1)!.ts.getTime()).toBeLessThan(3_600_000);
  });

  it("follows a daily and weekly rhythm in the site's time zone", () => {
    for (const timeZone of ["Europe/Berlin", "Asia/Tokyo"]) {
      const byHour = new Array<number>(24).fill(0);
      const byWeekday = new Map<string, number>();
      const local = localHourAndWeekday(timeZone);
      for (const row of generateTraffic({ ...base, timeZone, days: 28 })) {
        const { hour, weekday } = local(row.ts);
        byHour[hour]!++;
        byWeekday.set(weekday, (byWeekday.get(weekday) ?? 0) + 1);
      }
      const busiest = byHour.indexOf(Math.max(...byHour));
      expect(busiest, timeZone).toBeGreaterThanOrEqual(9);
      expect(busiest, timeZone).toBeLessThanOrEqual(18);
      expect(byHour[14]! / byHour[4]!, timeZone).toBeGreaterThan(2.5);
      const weekday = (byWeekday.get("Tue")! + byWeekday.get("Wed")!) / 2;
      const weekend = (byWeekday.get("Sat")! + byWeekday.get("Sun")!) / 2;
      expect(weekday / weekend, timeZone).toBeGreaterThan(1.3);
    }
  });

  it("makes multi-page visits by people who come back on later days under a new daily id", () => {
    // A visitor id never reaches over a local midnight (the collector hashes the local day in).
    const idDays = new Map<string, Set<string>>();
    for (const row of rows) idDays.set(row.visitorId, (idDays.get(row.visitorId) ?? new Set()).add(localDateOf(row.ts)));
    expect([...idDays.values()].filter((days) => days.size > 1)).toEqual([]);

    const pageviews = rows.filter((row) => row.name === "pageview");
    const perVisitorDay = new Map<string, number>();
    for (const row of pageviews) perVisitorDay.set(row.visitorId, (perVisitorDay.get(row.visitorId) ?? 0) + 1);
    const counts = [...perVisitorDay.values()];
    const bounces = counts.filter((count) => count === 1).length / counts.length;
    expect(bounces).toBeGreaterThan(0.15);
    expect(bounces).toBeLessThan(0.6);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(8);
    for (const row of rows) expect(row.visitorId).toMatch(/^[0-9a-f]{16}$/);

    // Signed-up users carry a user id: the same person shows up on several days, with a new visitor id each local day.
    const byUser = new Map<string, Map<string, string>>();
    for (const row of rows) {
      if (!row.userId) continue;
      const days = byUser.get(row.userId) ?? new Map<string, string>();
      const day = localDateOf(row.ts);
      expect(days.get(day) ?? row.visitorId, "one visitor id per person per local day").toBe(row.visitorId);
      days.set(day, row.visitorId);
      byUser.set(row.userId, days);
    }
    const regulars = [...byUser.values()].filter((days) => days.size >= 2);
    expect(regulars.length).toBeGreaterThan(10);
    for (const days of regulars) expect(new Set(days.values()).size).toBe(days.size);
  });

  it("spreads pages, sources, places and devices the way real sites see them", () => {
    const pageviews = rows.filter((row) => row.name === "pageview");
    const count = (values: (string | number | null)[]) => {
      const counts = new Map<string | number | null, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]);
    };
    const paths = count(pageviews.map((row) => row.path));
    expect(paths.length).toBeGreaterThanOrEqual(50);
    expect(paths.length).toBeLessThanOrEqual(200);
    expect(paths[0]![0]).toBe("/");
    expect(paths[0]![1]).toBeGreaterThan(5 * paths[20]![1]); // a long tail
    expect(paths.map(([path]) => path)).toEqual(expect.arrayContaining(["/pricing", "/blog/introducing-inlet", "/docs/getting-started"]));

    const hosts = new Set(rows.map((row) => row.referrerHost));
    for (const host of ["www.google.com", "duckduckgo.com", "t.co", "github.com", "news.ycombinator.com", null]) expect(hosts).toContain(host);
    for (const row of rows) {
      if (row.referrer) expect(new URL(row.referrer).hostname).toBe(row.referrerHost);
    }
    const tagged = rows.filter((row) => row.utmSource);
    expect(tagged.length / pageviews.length).toBeGreaterThan(0.01);
    expect(tagged.every((row) => row.utmMedium && row.utmCampaign)).toBe(true);
    expect(tagged.some((row) => row.utmTerm) && tagged.some((row) => row.utmContent)).toBe(true);

    for (const row of rows) {
      expect(row.country).toMatch(/^[A-Z]{2}$/);
      expect(["desktop", "mobile", "tablet"]).toContain(row.deviceType);
      expect(row.screenWidth).toBeGreaterThan(300);
      expect(row.language).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
      expect(row.hostname).toBe("localhost");
    }
    expect(count(rows.map((row) => row.country))[0]![0]).toBe("US");
    const located = rows.filter((row) => row.city).length / rows.length;
    expect(located).toBeGreaterThan(0.3);
    expect(located).toBeLessThan(0.95);
    expect(new Set(rows.map((row) => row.deviceType)).size).toBe(3);
    expect(new Set(rows.map((row) => row.browser)).size).toBeGreaterThanOrEqual(5);
  });

  it("adds custom events with properties", () => {
    const custom = rows.filter((row) => row.name !== "pageview");
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.length / rows.length).toBeLessThan(0.2);
    const props = (name: string) => custom.filter((row) => row.name === name).map((row) => row.props);
    expect(props("signup").length).toBeGreaterThan(0);
    for (const p of props("signup")) expect(["free", "pro", "business"]).toContain(p!.plan);
    for (const p of props("download")) expect(p!.file).toEqual(expect.any(String));
    for (const p of props("outbound")) expect(() => new URL(p!.url as string)).not.toThrow();
    expect(props("purchase").length).toBeGreaterThan(0);
    for (const p of props("purchase")) expect(p).toMatchObject({ plan: expect.stringMatching(/^(pro|business)$/), amount: expect.any(Number) });
    for (const row of rows.filter((row) => row.name === "pageview")) expect(row.props).toBeNull();
    // Whoever signs up is identified from then on.
    for (const row of custom.filter((row) => row.name === "signup")) expect(row.userId).toMatch(/^usr_[0-9a-f]{8}$/);
  });

  it("streams: the first rows of a billion come without making the rest", () => {
    const iterator = generateTraffic({ ...base, events: 1_000_000_000 });
    const first = Array.from({ length: 5 }, () => iterator.next().value as SeedEvent);
    expect(first.every((row) => row.ts.getTime() >= trafficRange(base).start.getTime())).toBe(true);
    iterator.return(undefined);
  });

  it("rejects bad options with a message naming them", () => {
    const make = (options: Partial<TrafficOptions>) => () => generateTraffic({ ...base, ...options }).next();
    expect(make({ events: -1 })).toThrow(/events/);
    expect(make({ events: 1.5 })).toThrow(/events/);
    expect(make({ days: 0 })).toThrow(/days/);
    expect(make({ seed: 2 ** 32 })).toThrow(/seed/);
    expect(make({ end: new Date("nope") })).toThrow(/end/);
    expect(make({ timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
