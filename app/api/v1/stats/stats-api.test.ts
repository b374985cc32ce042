import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DIMENSIONS, KPIS, type Filter, type HourRange, type Kpi, type Kpis } from "@/lib/query/dashboard-model";
import { addHours, hoursOf, localHour } from "@/lib/query/reference/local-time";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import { freshDatabase, type TestDatabase } from "@/lib/testing/databases";
import { randomTraffic, type TrafficEvent, type TrafficSite } from "@/lib/testing/random-traffic";

/*
 * The read API end to end: the real route handlers, lib/access resolving a
 * real API key, and the dashboard's queries over read models projected from
 * seeded events, against the reference computed event by event from the same
 * raw events (lib/query/reference). On the embedded database the routes'
 * getDb() opens, as in production; with TEST_DATABASE_URL also on PostgreSQL.
 */

// API keys carry no session: the session lookup (next-auth) has nothing to read outside a request.
vi.mock("@/lib/auth/require-user", () => ({
  currentUser: async () => null,
  requireUser: async () => {
    throw new Error("the read API never needs a signed-in user");
  },
}));

const SEED = 20260517;
/** Ratios may differ from the reference by float rounding only. */
const RELATIVE_TOLERANCE = 1e-9;
const COUNTS: ReadonlySet<Kpi> = new Set(["visitors", "visits", "pageviews"]);
const ENDPOINTS = ["aggregate", "timeseries", "breakdown"] as const;
type Endpoint = (typeof ENDPOINTS)[number];
type Handler = (request: NextRequest, context: { params: Promise<object> }) => Promise<Response>;

// Two of the generated sites: one with daylight saving, one with a half-hour offset.
const generated = randomTraffic(SEED);
const trafficSites = generated.sites.filter((site) => site.timeZone === "Europe/Berlin" || site.timeZone === "America/St_Johns");
/** Visitor ids as the collector makes them: one per local day (so whole days can come from the daily rollup). */
const trafficEvents = generated.appends.flat().flatMap((event): TrafficEvent[] => {
  const site = trafficSites.find((candidate) => candidate.id === event.siteId);
  return site ? [{ ...event, visitorId: `${event.visitorId}.${localHour(event.ts, site.timeZone).slice(0, 10)}` }] : [];
});

const targets: { name: string; open: () => Promise<{ env: Record<string, string>; test?: TestDatabase }> }[] = [
  { name: "pglite", open: async () => ({ env: { DATABASE_URL: "", DATABASE_DRIVER: "" } }) },
];
// Tests read process.env for their own configuration (see lib/testing/databases.ts).
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  targets.push({
    name: "postgres",
    open: async () => {
      const test = await freshDatabase({ driver: "pg", url: serverUrl });
      return { env: { DATABASE_URL: test.url!, DATABASE_DRIVER: "pg" }, test };
    },
  });
}

for (const target of targets) {
  describe(`the read API [${target.name}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-read-api-"));
    let test: TestDatabase | undefined;
    let closeApp: (() => Promise<void>) | undefined;
    let driver = "";
    const routes = {} as Record<Endpoint, Handler>;
    const references = new Map<string, ReferenceDashboard>();
    const keys = { read: "", ingest: "", revoked: "", otherOrganisation: "" };

    beforeAll(async () => {
      const opened = await target.open();
      test = opened.test;
      // A fresh module graph per target: env() and the app's database are read once per load.
      vi.resetModules();
      for (const [name, value] of Object.entries({ ...opened.env, DATA_DIR: dataDir, AUTH_SECRET: "a-secret-for-the-read-api-tests-0123456789" })) {
        vi.stubEnv(name, value);
      }
      const { appDatabase, closeAppDatabase, schema } = await import("@/lib/db");
      const { newToken } = await import("@/lib/access");
      const { catchUp, projections } = await import("@/lib/projections");
      const app = await appDatabase(); // what the routes' getDb() answers
      // The next target must open its own database.
      closeApp = closeAppDatabase;
      const { db } = app;
      driver = app.driver;
      routes.aggregate = (await import("./aggregate/route")).GET;
      routes.timeseries = (await import("./timeseries/route")).GET;
      routes.breakdown = (await import("./breakdown/route")).GET;

      const [mine, theirs] = await db.insert(schema.organisations).values([{ name: "Mine" }, { name: "Theirs" }]).returning();
      for (const site of trafficSites) {
        await db.insert(schema.sites).values({ id: site.id, organisationId: mine!.id, name: site.name, publicKey: site.publicKey, timeZone: site.timeZone });
      }
      const apiKey = async (organisationId: string, scope: "read" | "ingest", revoked = false) => {
        const key = newToken("apiKey");
        await db.insert(schema.apiKeys).values({ organisationId, name: scope, scope, prefix: key.displayPrefix, secretHash: key.hash, revokedAt: revoked ? new Date() : null });
        return key.token;
      };
      Object.assign(keys, {
        read: await apiKey(mine!.id, "read"),
        ingest: await apiKey(mine!.id, "ingest"),
        revoked: await apiKey(mine!.id, "read", true),
        otherOrganisation: await apiKey(theirs!.id, "read"),
      });

      for (let start = 0; start < trafficEvents.length; start += 500) await db.insert(schema.events).values(trafficEvents.slice(start, start + 500));
      for (const projection of Object.values(projections)) {
        let applied = 0;
        for (let tries = 0; applied < trafficEvents.length; tries++) {
          // A transaction open elsewhere on the server holds projections back (see lib/projections): wait it out.
          if (tries > 600) throw new Error(`${projection.name} applied ${applied} of ${trafficEvents.length} events`);
          applied += await catchUp(db, projection);
          if (applied < trafficEvents.length) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const stored = await db.select().from(schema.events);
      for (const site of trafficSites) references.set(site.id, new ReferenceDashboard(stored.filter((row) => row.siteId === site.id), site.timeZone));
    }, 300_000);

    afterAll(async () => {
      await closeApp?.();
      await test?.close();
      vi.unstubAllEnvs();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** Call the route's GET as Next.js would; `authorization: null` sends no credentials. */
    async function get(endpoint: Endpoint, query: string, authorization: string | null = `Bearer ${keys.read}`) {
      const request = new NextRequest(`http://localhost/api/v1/stats/${endpoint}?${query}`, { headers: authorization === null ? {} : { authorization } });
      const response = await routes[endpoint](request, { params: Promise.resolve({}) });
      return { status: response.status, cacheControl: response.headers.get("cache-control"), body: (await response.json()) as Record<string, unknown> };
    }

    /** Four local days on each side of the day the site's traffic crowds around. */
    function customRange(site: TrafficSite): { query: string; range: HourRange } {
      const anchorDay = `${localHour(site.anchor, site.timeZone).slice(0, 10)}T00:00`;
      const from = addHours(anchorDay, -4 * 24).slice(0, 10);
      const to = addHours(anchorDay, 3 * 24).slice(0, 10);
      return { query: `period=custom&from=${from}&to=${to}`, range: { from: `${from}T00:00`, to: addHours(`${to}T00:00`, 24) } };
    }

    const filterSets: Filter[][] = [
      [],
      [{ dimension: "country", operator: "is", value: "DE" }],
      [
        { dimension: "page", operator: "contains", value: "/ABOUT" },
        { dimension: "browser", operator: "is_not", value: "Chrome" },
      ],
      [{ dimension: "event", operator: "is", value: "signup" }],
    ];
    const encoded = (filters: Filter[]) => filters.map((filter) => `&f=${encodeURIComponent(`${filter.dimension}~${filter.operator}~${filter.value}`)}`).join("");

    it("answers aggregate with the reference's numbers, and the previous period's with the change", async () => {
      expect(driver, "the routes' database").toBe(target.name === "postgres" ? "pg" : "pglite");
      for (const site of trafficSites) {
        const reference = references.get(site.id)!;
        const { query, range } = customRange(site);
        const length = hoursOf(range.from, range.to).length;
        const previousRange = { from: addHours(range.from, -length), to: range.from };
        expect(reference.kpis({ range, filters: [] }).visitors, "the seeded traffic falls in the range").toBeGreaterThan(20);
        for (const filters of filterSets) {
          const label = `${site.timeZone} ${JSON.stringify(filters)}`;
          const { status, cacheControl, body } = await get("aggregate", `site_id=${site.id}&${query}${encoded(filters)}&metrics=${KPIS.join(",")}&compare=previous_period`);
          expect(status, label).toBe(200);
          expect(cacheControl).toBe("private, no-store");
          expect(body.period).toEqual({ ...range, timeZone: site.timeZone });
          expect(body.comparison).toEqual(previousRange);
          const current = reference.kpis({ range, filters });
          const previous = reference.kpis({ range: previousRange, filters });
          const results = body.results as Record<Kpi, { value: number; previous: number; change: number | null }>;
          expect(Object.keys(results)).toEqual(KPIS);
          for (const kpi of KPIS) {
            expectClose(`${label} ${kpi}`, kpi, results[kpi].value, current[kpi]);
            expectClose(`${label} previous ${kpi}`, kpi, results[kpi].previous, previous[kpi]);
            const change = previous[kpi] === 0 ? (current[kpi] === 0 ? 0 : null) : Math.round(((current[kpi] - previous[kpi]) / previous[kpi]) * 100);
            expect(results[kpi].change, `${label} change of ${kpi}`).toBe(change);
          }
        }
      }
    });

    it("answers timeseries with every bucket of the reference", async () => {
      for (const site of trafficSites) {
        const reference = references.get(site.id)!;
        const { query, range } = customRange(site);
        const anchorHour = localHour(site.anchor, site.timeZone);
        const twoDays = { from: `${addHours(anchorHour, -24).slice(0, 10)}T00:00`, to: `${addHours(anchorHour, 24).slice(0, 10)}T00:00` };
        const cases = [
          { query: `${query}&interval=day`, range, interval: "day" as const, filters: filterSets[1]! },
          { query: `${query}&interval=week`, range, interval: "week" as const, filters: [] },
          { query: `period=custom&from=${twoDays.from.slice(0, 10)}&to=${addHours(twoDays.to, -24).slice(0, 10)}&interval=hour`, range: twoDays, interval: "hour" as const, filters: filterSets[2]! },
        ];
        for (const { query: caseQuery, range: caseRange, interval, filters } of cases) {
          const label = `${site.timeZone} by ${interval}`;
          const { status, body } = await get("timeseries", `site_id=${site.id}&${caseQuery}${encoded(filters)}&metrics=visitors,visits,pageviews,bounceRate`);
          expect(status, label).toBe(200);
          expect(body.interval).toBe(interval);
          const expected = reference.series({ range: caseRange, filters }, interval);
          const results = body.results as ({ date: string } & Kpis)[];
          expect(results.map((point) => point.date), label).toEqual(expected.map((point) => point.bucket));
          expect(results.some((point) => point.visitors > 0), `${label} has traffic`).toBe(true);
          expected.forEach((point, index) => {
            expect(Object.keys(results[index]!)).toEqual(["date", "visitors", "visits", "pageviews", "bounceRate"]);
            for (const kpi of ["visitors", "visits", "pageviews", "bounceRate"] as const) expectClose(`${label} ${point.bucket} ${kpi}`, kpi, results[index]![kpi], point[kpi]);
          });
        }
      }
    });

    it("answers breakdown pages with the reference's rows, for every dimension", async () => {
      let secondPages = 0;
      for (const site of trafficSites) {
        const reference = references.get(site.id)!;
        const { query, range } = customRange(site);
        for (const [index, dimension] of DIMENSIONS.entries()) {
          const filters = index % 3 === 0 ? filterSets[1 + (index % 2)]! : [];
          const label = `${site.timeZone} ${dimension} ${JSON.stringify(filters)}`;
          const { status, body } = await get("breakdown", `site_id=${site.id}&${query}${encoded(filters)}&dimension=${dimension}&metrics=visitors,visits,pageviews,events&limit=3&page=2`);
          expect(status, label).toBe(200);
          const all = reference.breakdown({ range, filters }, dimension);
          const expected = all.slice(3, 6).map((row) => ({ [dimension]: row.value, visitors: row.visitors, visits: row.visits, pageviews: row.pageviews, events: row.events }));
          expect(body.results, label).toEqual(expected);
          expect(body, label).toMatchObject({ page: 2, limit: 3, has_more: all.length > 6, period: { ...range, timeZone: site.timeZone } });
          if (expected.length > 0) secondPages++;
        }
        // The first page and the default metric.
        const { body } = await get("breakdown", `site_id=${site.id}&${query}&dimension=country`);
        expect(body.results).toEqual(reference.breakdown({ range, filters: [] }, "country").slice(0, 100).map((row) => ({ country: row.value, visitors: row.visitors })));
      }
      expect(secondPages, "breakdowns long enough to have a second page").toBeGreaterThan(10);
    });

    it("resolves the named periods at the present, in the site's time zone", async () => {
      const site = trafficSites[0]!;
      const now = new Date(site.anchor.getTime() + 36 * 3_600_000);
      vi.setSystemTime(now);
      try {
        const thisHour = localHour(now, site.timeZone);
        const range = { from: `${addHours(thisHour, -6 * 24).slice(0, 10)}T00:00`, to: addHours(thisHour, 1) };
        const { status, body } = await get("aggregate", `site_id=${site.id}&period=7d&metrics=visitors,visits`);
        expect(status).toBe(200);
        expect(body.period).toEqual({ ...range, timeZone: site.timeZone });
        const expected = references.get(site.id)!.kpis({ range, filters: [] });
        expect(expected.visitors).toBeGreaterThan(0);
        expect(body.results).toEqual({ visitors: { value: expected.visitors }, visits: { value: expected.visits } });
      } finally {
        vi.useRealTimers();
      }
    });

    it("refuses callers as lib/access says: no key 401, a bad or revoked key 401, an ingest key 403, another organisation's key 404", async () => {
      const siteId = trafficSites[0]!.id;
      for (const endpoint of ENDPOINTS) {
        const query = endpoint === "breakdown" ? `site_id=${siteId}&dimension=page` : `site_id=${siteId}`;
        const cases: [string | null, number, string][] = [
          [null, 401, "unauthorized"],
          [`Bearer ${keys.revoked}`, 401, "invalid_api_key"],
          [`Bearer inlet_key_${"x".repeat(32)}`, 401, "invalid_api_key"],
          [keys.read, 401, "invalid_api_key"],
          [`Bearer ${keys.ingest}`, 403, "forbidden"],
          [`Bearer ${keys.otherOrganisation}`, 404, "not_found"],
        ];
        for (const [authorization, status, code] of cases) {
          const answer = await get(endpoint, query, authorization);
          expect(answer.status, `${endpoint} ${authorization}`).toBe(status);
          expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
          expect(answer.cacheControl).toBe("private, no-store");
        }
        expect((await get(endpoint, query)).status, `${endpoint} with the read key`).toBe(200);
        const unknownSite = await get(endpoint, query.replace(siteId, "00000000-0000-4000-8000-000000000000"));
        expect(unknownSite.status).toBe(404);
      }
    });

    it("answers bad input with 400 invalid_parameter naming the parameter, never 500", async () => {
      const siteId = trafficSites[0]!.id;
      const cases: [Endpoint, string, string][] = [
        ["aggregate", "", "site_id"],
        ["aggregate", "site_id=not-a-uuid", "site_id"],
        ["aggregate", `site_id=${siteId}&metrics=bounce_rate`, "metrics"],
        ["aggregate", `site_id=${siteId}&period=forever`, "period"],
        ["aggregate", `site_id=${siteId}&filters=country==DE`, "filters"],
        ["aggregate", `site_id=${siteId}&f=page~is~%00`, "f"],
        ["timeseries", `site_id=${siteId}&period=today&interval=month`, "interval"],
        ["timeseries", `site_id=${siteId}&period=custom&from=2026-01-02&to=2026-01-01`, "to"],
        ["breakdown", `site_id=${siteId}`, "dimension"],
        ["breakdown", `site_id=${siteId}&dimension=page&limit=5000`, "limit"],
      ];
      for (const [endpoint, query, parameter] of cases) {
        const answer = await get(endpoint, query);
        expect(answer.status, `${endpoint}?${query}`).toBe(400);
        expect(answer.body).toEqual({ error: { code: "invalid_parameter", parameter, message: expect.stringContaining(parameter) } });
        expect(answer.cacheControl).toBe("private, no-store");
      }
      // The far end of what is allowed still answers.
      for (const dimension of ["country", "page"]) {
        const farPage = await get("breakdown", `site_id=${siteId}&dimension=${dimension}&period=custom&from=1970-01-01&to=1979-12-31&page=999999&limit=1000`);
        expect(farPage, dimension).toMatchObject({ status: 200, body: { results: [], has_more: false } });
      }
      // A missing site id is named even before credentials are looked at.
      expect((await get("aggregate", "period=7d", null)).body).toMatchObject({ error: { parameter: "site_id" } });
    });
  });
}

function expectClose(label: string, kpi: Kpi, actual: number, expected: number): void {
  if (COUNTS.has(kpi)) expect(actual, label).toBe(expected);
  else expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual)));
}
