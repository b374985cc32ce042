import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase, schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { copyEvents } from "./copy-events";
import type { SeedEvent } from "./generate-traffic";

const siteA = "00000000-0000-4000-8000-00000000000a";
const siteB = "00000000-0000-4000-8000-00000000000b";

function event(siteId: string, n: number, overrides: Partial<SeedEvent> = {}): SeedEvent {
  const ts = new Date(Date.UTC(2026, 10, 1, 12, 0, 0, 0) + n * 1_001);
  return {
    siteId,
    id: `019a${n.toString(16).padStart(4, "0")}-0000-7000-8000-${siteId.slice(-12)}`,
    name: "pageview",
    ts,
    receivedAt: new Date(ts.getTime() + 250),
    visitorId: "0123456789abcdef",
    userId: null,
    hostname: "localhost",
    path: "/",
    referrer: null,
    referrerHost: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    country: "DE",
    region: "BE",
    city: "Berlin",
    browser: "Firefox",
    browserVersion: "145.0",
    os: "Linux",
    osVersion: null,
    deviceType: "desktop",
    screenWidth: 1920,
    language: "de-DE",
    props: null,
    schemaVersion: 1,
    ...overrides,
  };
}

async function siteEvents(db: ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]>["db"], siteId: string) {
  const rows = await db.select().from(schema.events).where(eq(schema.events.siteId, siteId)).orderBy(asc(schema.events.ts));
  return rows.map(({ seq: _seq, tx: _tx, ...row }) => row);
}

describeEachDatabase("copyEvents", (database) => {
  it("loads rows exactly as given: odd text, unicode, JSON and NULLs included", async () => {
    const { db, raw } = database();
    const rows = [
      event(siteA, 1),
      event(siteA, 2, {
        name: "signup",
        path: "/a\tb\nc\rd\\e",
        referrer: "\\N",
        city: "Zürich",
        region: "",
        userId: "usr_🚀",
        utmTerm: "größe \"quoted\" 'single'",
        props: { plan: "pro", note: "tab\there, back\\slash, ünï", nested: { list: [1, 2.5, true, null] } },
      }),
      event(siteA, 3, { country: null, region: null, city: null, browser: null, screenWidth: null, language: null, os: null, deviceType: null }),
      event(siteA, 4, { ts: new Date("1999-12-31T23:59:59.999Z"), receivedAt: new Date("2000-01-01T00:00:00.001Z") }),
      event(siteA, 5, { path: "x".repeat(70_000) }), // longer than a whole chunk
    ];
    const progress: number[] = [];
    // Tiny chunks: every row its own chunk, and on PGlite its own COPY statement.
    const result = await copyEvents(raw, rows, { chunkBytes: 100, onProgress: (count) => progress.push(count) });
    expect(result).toEqual({ loaded: 5, deleted: 0 });
    expect(progress.at(-1)).toBe(5);
    const stored = await siteEvents(db, siteA);
    expect(stored).toEqual([rows[3], rows[0], rows[1], rows[2], rows[4]]);
  });

  it("replaces one site's events in one go and leaves other sites' alone", async () => {
    const { db, raw } = database();
    await copyEvents(raw, [event(siteB, 1), event(siteB, 2)]);
    const replacement = [10, 11, 12].map((n) => event(siteA, n));
    expect(await copyEvents(raw, replacement, { replaceSiteId: siteA })).toEqual({ loaded: 3, deleted: 5 });
    expect(await siteEvents(db, siteA)).toEqual(replacement);
    expect(await siteEvents(db, siteB)).toHaveLength(2);
  });

  it("keeps the old events when a load fails part-way", async () => {
    const { db, raw } = database();
    const before = await siteEvents(db, siteA);
    const duplicate = event(siteA, 20);
    await expect(copyEvents(raw, [event(siteA, 21), duplicate, duplicate], { replaceSiteId: siteA })).rejects.toThrow();
    expect(await siteEvents(db, siteA)).toEqual(before);
  });

  it("loads for longer than the pool's query timeout, which is for the app's queries", async () => {
    const { url } = database();
    if (!url) return; // PGlite has no query timeout
    const impatient = await openDatabase({ driver: "pg", url, max: 1, queryTimeoutMillis: 50 });
    try {
      const rows = Array.from({ length: 40_000 }, (_, n) => event(siteB, 1_000 + n));
      const started = performance.now();
      expect(await copyEvents(impatient.raw, rows)).toEqual({ loaded: 40_000, deleted: 0 });
      // Otherwise the test proves nothing: the load must outlast the timeout.
      expect(performance.now() - started).toBeGreaterThan(50);
    } finally {
      await impatient.close();
    }
  });

  it("refuses a value that is not a UUID before sending it", async () => {
    const { raw } = database();
    await expect(copyEvents(raw, [event(siteA, 30, { id: "not-a-uuid" })])).rejects.toThrow(/not a UUID/);
  });
});
