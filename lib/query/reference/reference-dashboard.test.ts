import { describe, expect, it } from "vitest";
import type { DashboardQuery, Filter } from "../dashboard-model";
import { makeEvent } from "./make-event";
import { ReferenceDashboard } from "./reference-dashboard";

const query = (from: string, to: string, filters: Filter[] = []): DashboardQuery => ({ range: { from, to }, filters });

/*
 * A small UTC site, worked out by hand:
 *   a, session 1: pageview /         10:00  (utm_source newsletter, DE)
 *                 pageview /pricing  10:10
 *                 signup {plan: pro} 10:20
 *   a, session 2: pageview /         12:00  (bounce)
 *   b, session 1: pageview /pricing  10:50  (bounce, no country)
 *   b, session 2: click              11:30  (40 minutes later: a new session; bounce)
 */
const events = [
  makeEvent({ ts: "2026-10-05T10:00:00Z", visitorId: "a", utmSource: "newsletter", country: "DE" }),
  makeEvent({ ts: "2026-10-05T10:10:00Z", visitorId: "a", path: "/pricing", country: "FR" }),
  makeEvent({ ts: "2026-10-05T10:20:00Z", visitorId: "a", name: "signup", props: { plan: "pro", seats: 5, trial: false } }),
  makeEvent({ ts: "2026-10-05T12:00:00Z", visitorId: "a", country: "DE" }),
  makeEvent({ ts: "2026-10-05T10:50:00Z", visitorId: "b", path: "/pricing" }),
  makeEvent({ ts: "2026-10-05T11:30:00Z", visitorId: "b", name: "click", props: { plan: "pro" } }),
];
const utc = new ReferenceDashboard(events, "UTC");

describe("ReferenceDashboard.kpis", () => {
  it("counts events in range and the sessions that start in it", () => {
    expect(utc.kpis(query("2026-10-05T10:00", "2026-10-05T13:00"))).toEqual({
      visitors: 2,
      visits: 4,
      pageviews: 4,
      viewsPerVisit: 1, // (2 + 1 + 1 + 0) / 4
      bounceRate: 75,
      visitDuration: 300, // 1200 s / 4
    });
    // Only b's click is in 11:00-12:00; a's first session started before it.
    expect(utc.kpis(query("2026-10-05T11:00", "2026-10-05T12:00"))).toEqual({
      visitors: 1,
      visits: 1,
      pageviews: 0,
      viewsPerVisit: 0,
      bounceRate: 100,
      visitDuration: 0,
    });
    // 10:00-11:00 holds a's first session and b's first.
    expect(utc.kpis(query("2026-10-05T10:00", "2026-10-05T11:00"))).toMatchObject({ visitors: 2, visits: 2, pageviews: 3 });
    expect(utc.kpis(query("2026-10-06T00:00", "2026-10-07T00:00"))).toEqual({
      visitors: 0,
      visits: 0,
      pageviews: 0,
      viewsPerVisit: 0,
      bounceRate: 0,
      visitDuration: 0,
    });
  });

  it("keeps, for a page filter, the sessions that viewed the page in range, and their custom events untouched", () => {
    const pricing = query("2026-10-05T10:00", "2026-10-05T13:00", [{ dimension: "page", operator: "is", value: "/pricing" }]);
    // Views per visit take the whole sessions' pageviews: a's 2, b's 1.
    expect(utc.kpis(pricing)).toEqual({ visitors: 2, visits: 2, pageviews: 2, viewsPerVisit: 1.5, bounceRate: 50, visitDuration: 600 });
    // The only /pricing views are before 11:00: nothing is kept after it, b's click included.
    const late = query("2026-10-05T11:00", "2026-10-05T13:00", [{ dimension: "page", operator: "is", value: "/pricing" }]);
    expect(utc.kpis(late)).toMatchObject({ visitors: 0, visits: 0, pageviews: 0 });
  });

  it("keeps with several page filters only the pageviews that pass them all", () => {
    const both = query("2026-10-05T10:00", "2026-10-05T13:00", [
      { dimension: "page", operator: "is", value: "/" },
      { dimension: "page", operator: "is", value: "/pricing" },
    ]);
    expect(utc.kpis(both)).toMatchObject({ visitors: 0, visits: 0, pageviews: 0 });
    const notHome = query("2026-10-05T10:00", "2026-10-05T13:00", [
      { dimension: "page", operator: "is_not", value: "/" },
      { dimension: "page", operator: "contains", value: "PRIC" },
    ]);
    expect(utc.kpis(notHome)).toMatchObject({ visitors: 2, visits: 2, pageviews: 2 });
  });

  it("keeps, for an event filter, the sessions with the event in range, and all their pageviews", () => {
    const signup = query("2026-10-05T10:00", "2026-10-05T13:00", [{ dimension: "event", operator: "is", value: "signup" }]);
    expect(utc.kpis(signup)).toEqual({ visitors: 1, visits: 1, pageviews: 2, viewsPerVisit: 2, bounceRate: 0, visitDuration: 1200 });
  });

  it("reads session dimensions from the first event, a missing one as the empty string", () => {
    const range = ["2026-10-05T00:00", "2026-10-06T00:00"] as const;
    expect(utc.kpis(query(...range, [{ dimension: "country", operator: "is", value: "DE" }]))).toMatchObject({ visits: 2, pageviews: 3 });
    expect(utc.kpis(query(...range, [{ dimension: "country", operator: "is", value: "FR" }]))).toMatchObject({ visits: 0, visitors: 0 });
    expect(utc.kpis(query(...range, [{ dimension: "country", operator: "is", value: "" }]))).toMatchObject({ visits: 2, visitors: 1 });
    expect(utc.kpis(query(...range, [{ dimension: "country", operator: "is_not", value: "" }]))).toMatchObject({ visits: 2, visitors: 1 });
    expect(utc.kpis(query(...range, [{ dimension: "source", operator: "contains", value: "LETT" }]))).toMatchObject({ visits: 1 });
    expect(utc.kpis(query(...range, [{ dimension: "source", operator: "is", value: "Direct / None" }]))).toMatchObject({ visits: 3 });
    expect(utc.kpis(query(...range, [{ dimension: "entry_page", operator: "contains", value: "" }]))).toMatchObject({ visits: 4 });
  });

  it("rejects ranges that are not whole local hours", () => {
    expect(() => utc.kpis(query("2026-10-05T10:30", "2026-10-05T11:00"))).toThrow(RangeError);
    expect(() => utc.kpis(query("2026-10-05T11:00", "2026-10-05T11:00"))).toThrow(RangeError);
  });
});

describe("ReferenceDashboard.series", () => {
  it("gives every bucket, empty ones as 0, weeks from Monday clipped to the range start", () => {
    const weekly = new ReferenceDashboard(
      [
        makeEvent({ ts: "2026-11-04T06:00:00Z" }), // Wednesday, in the clipped first week
        makeEvent({ ts: "2026-11-16T00:00:00Z" }), // Monday 00:00 of the third week
      ],
      "UTC",
    ).series(query("2026-11-04T05:00", "2026-11-17T00:00"), "week");
    expect(weekly.map((point) => [point.bucket, point.pageviews, point.visits])).toEqual([
      ["2026-11-04T05:00", 1, 1],
      ["2026-11-09T00:00", 0, 0],
      ["2026-11-16T00:00", 1, 1],
    ]);
  });

  it("starts months on the 1st and days at local midnight, in a half-hour zone", () => {
    const kolkata = new ReferenceDashboard(
      [
        makeEvent({ ts: "2026-10-31T18:29:59.999Z", visitorId: "a" }), // 23:59:59.999 on 31 October, local
        makeEvent({ ts: "2026-10-31T18:30:00.000Z", visitorId: "b" }), // 00:00 on 1 November, local
      ],
      "Asia/Kolkata",
    );
    const range = query("2026-10-31T12:00", "2026-11-02T00:00");
    expect(kolkata.series(range, "month").map((point) => [point.bucket, point.visitors])).toEqual([
      ["2026-10-31T12:00", 1],
      ["2026-11-01T00:00", 1],
    ]);
    expect(kolkata.series(range, "day").map((point) => [point.bucket, point.visitors])).toEqual([
      ["2026-10-31T12:00", 1],
      ["2026-11-01T00:00", 1],
    ]);
  });

  it("folds the repeated hour of a fall-back into one bucket and keeps the skipped hour of a spring-forward as an empty one", () => {
    const newYork = new ReferenceDashboard(
      [
        makeEvent({ ts: "2026-11-01T05:30:00Z", visitorId: "a" }), // 01:30 EDT
        makeEvent({ ts: "2026-11-01T06:30:00Z", visitorId: "b" }), // 01:30 EST
        makeEvent({ ts: "2026-03-08T07:00:00Z", visitorId: "c" }), // 03:00 EDT, just after the skip
      ],
      "America/New_York",
    );
    expect(newYork.series(query("2026-11-01T00:00", "2026-11-01T03:00"), "hour").map((point) => [point.bucket, point.visitors])).toEqual([
      ["2026-11-01T00:00", 0],
      ["2026-11-01T01:00", 2],
      ["2026-11-01T02:00", 0],
    ]);
    expect(newYork.series(query("2026-03-08T01:00", "2026-03-08T04:00"), "hour").map((point) => [point.bucket, point.visitors])).toEqual([
      ["2026-03-08T01:00", 0],
      ["2026-03-08T02:00", 0],
      ["2026-03-08T03:00", 1],
    ]);
  });

  it("counts visitors exactly per bucket and over the range, not as a sum of buckets", () => {
    const series = utc.series(query("2026-10-05T10:00", "2026-10-05T13:00"), "hour");
    expect(series.map((point) => point.visitors)).toEqual([2, 1, 1]);
    expect(utc.kpis(query("2026-10-05T10:00", "2026-10-05T13:00")).visitors).toBe(2);
  });
});

describe("ReferenceDashboard.breakdown", () => {
  const day = query("2026-10-05T00:00", "2026-10-06T00:00");

  it("orders rows by visitors desc then value asc, with missing values as the empty string", () => {
    expect(utc.breakdown(day, "country")).toEqual([
      { value: "", visitors: 1, visits: 2, pageviews: 1, events: 1 },
      { value: "DE", visitors: 1, visits: 2, pageviews: 3, events: 1 },
    ]);
    expect(utc.breakdown(day, "entry_page")).toEqual([
      { value: "", visitors: 1, visits: 1, pageviews: 0, events: 1 },
      { value: "/", visitors: 1, visits: 2, pageviews: 3, events: 1 },
      { value: "/pricing", visitors: 1, visits: 1, pageviews: 1, events: 0 },
    ]);
  });

  it("gives for a page or event what the query gives with that page or event as a filter", () => {
    expect(utc.breakdown(day, "page")).toEqual([
      { value: "/pricing", visitors: 2, visits: 2, pageviews: 2, events: 1 },
      { value: "/", visitors: 1, visits: 2, pageviews: 2, events: 1 },
    ]);
    expect(utc.breakdown(query("2026-10-05T10:00", "2026-10-05T11:00"), "event")).toEqual([
      { value: "signup", visitors: 1, visits: 1, pageviews: 2, events: 1 },
    ]);
    // c's session starts at 09:50, before the range: its pages and events in
    // the range count, its visit does not.
    const c = new ReferenceDashboard(
      [
        makeEvent({ ts: "2026-10-05T09:50:00Z", visitorId: "c" }),
        makeEvent({ ts: "2026-10-05T10:05:00Z", visitorId: "c", path: "/docs" }),
        makeEvent({ ts: "2026-10-05T10:10:00Z", visitorId: "c", name: "download" }),
      ],
      "UTC",
    );
    const ten = query("2026-10-05T10:00", "2026-10-05T11:00");
    expect(c.kpis(ten)).toMatchObject({ visitors: 1, visits: 0, pageviews: 1 });
    // The visit belongs to 09:00-10:00, with both its pageviews, the one after 10:00 too.
    expect(c.kpis(query("2026-10-05T09:00", "2026-10-05T10:00"))).toMatchObject({ visits: 1, pageviews: 1, viewsPerVisit: 2 });
    expect(c.breakdown(ten, "page")).toEqual([{ value: "/docs", visitors: 1, visits: 0, pageviews: 1, events: 1 }]);
    expect(c.breakdown(ten, "event")).toEqual([{ value: "download", visitors: 1, visits: 0, pageviews: 1, events: 1 }]);
    expect(c.breakdown(ten, "entry_page")).toEqual([{ value: "/", visitors: 1, visits: 0, pageviews: 1, events: 1 }]);
  });

  it("leaves out values without visitors", () => {
    expect(utc.breakdown(query("2026-10-05T12:00", "2026-10-05T13:00"), "country")).toEqual([
      { value: "DE", visitors: 1, visits: 1, pageviews: 1, events: 0 },
    ]);
  });

  it("orders values by code point, not by UTF-16 unit", () => {
    const wide = new ReferenceDashboard(
      [makeEvent({ ts: "2026-10-05T10:00:00Z", path: "/\u{1F600}", visitorId: "a" }), makeEvent({ ts: "2026-10-05T10:00:00Z", path: "/\uFF5E", visitorId: "b" })],
      "UTC",
    );
    expect(wide.breakdown(day, "page").map((row) => row.value)).toEqual(["/\uFF5E", "/\u{1F600}"]);
  });
});

describe("ReferenceDashboard.properties", () => {
  it("gives strings as they are and other JSON as JSON text, per event name", () => {
    const day = query("2026-10-05T00:00", "2026-10-06T00:00");
    expect(utc.properties(day, "signup")).toEqual([
      { key: "plan", value: "pro", visitors: 1, events: 1 },
      { key: "seats", value: "5", visitors: 1, events: 1 },
      { key: "trial", value: "false", visitors: 1, events: 1 },
    ]);
    expect(utc.properties(day, "click")).toEqual([{ key: "plan", value: "pro", visitors: 1, events: 1 }]);
    expect(utc.properties(query("2026-10-05T11:00", "2026-10-06T00:00"), "signup")).toEqual([]);
  });
});
