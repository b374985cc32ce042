import { describe, expect, it } from "vitest";
import { DIMENSIONS, KPIS } from "@/lib/query/dashboard-model";
import { PERIODS, serializeDashboardParams } from "@/lib/query/dashboard-url";
import { InvalidParameter } from "./invalid-parameter";
import { parseAggregateParams, parseBreakdownParams, parseSiteId, parseTimeseriesParams, resolveStatsPeriod } from "./parse-stats-params";
import { BREAKDOWN_METRICS, type StatsEndpoint } from "./stats-parameters";

const SITE = "0196f3a2-7c1e-7d2a-9b3c-4d5e6f708192";
const parsers = { aggregate: parseAggregateParams, timeseries: parseTimeseriesParams, breakdown: parseBreakdownParams };

/** Parse `query` (site_id added unless it mentions one; breakdown gets a dimension unless it has one). */
function parse<E extends StatsEndpoint>(endpoint: E, query: string): ReturnType<(typeof parsers)[E]> {
  const params = new URLSearchParams(query);
  if (!params.has("site_id")) params.set("site_id", SITE);
  if (endpoint === "breakdown" && !params.has("dimension")) params.set("dimension", "country");
  return parsers[endpoint](params) as ReturnType<(typeof parsers)[E]>;
}

/** The InvalidParameter `run` throws (fails the test when it throws nothing, or something else). */
function refusal(run: () => unknown): InvalidParameter {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParameter) return error;
    throw error;
  }
  throw new Error("expected an InvalidParameter, got an answer");
}

describe("the stats parameters", () => {
  it("defaults to the last 30 days, no filters, visitors", () => {
    expect(parse("aggregate", "")).toEqual({ period: "30d", filters: [], metrics: ["visitors"], compare: false });
    expect(parse("timeseries", "")).toEqual({ period: "30d", filters: [], metrics: ["visitors"] });
    expect(parse("breakdown", "")).toEqual({ period: "30d", filters: [], metrics: ["visitors"], dimension: "country", limit: 100, page: 1 });
  });

  it("reads every parameter", () => {
    expect(parse("aggregate", "period=custom&from=2026-03-01&to=2026-03-07&f=country~is~DE&f=page~contains~/blog&metrics=visits,bounceRate&compare=previous_period")).toEqual({
      period: "custom",
      from: "2026-03-01",
      to: "2026-03-07",
      filters: [
        { dimension: "country", operator: "is", value: "DE" },
        { dimension: "page", operator: "contains", value: "/blog" },
      ],
      metrics: ["visits", "bounceRate"],
      compare: true,
    });
    expect(parse("timeseries", "period=7d&interval=hour&metrics=pageviews")).toMatchObject({ period: "7d", interval: "hour", metrics: ["pageviews"] });
    expect(parse("breakdown", "dimension=entry_page&metrics=events,visitors&limit=1000&page=3")).toMatchObject({
      dimension: "entry_page",
      metrics: ["events", "visitors"],
      limit: 1000,
      page: 3,
    });
  });

  it("accepts every period, metric and dimension lib/query knows", () => {
    for (const period of PERIODS) {
      const query = period === "custom" ? "period=custom&from=2026-01-01&to=2026-01-01" : `period=${period}`;
      expect(parse("aggregate", query).period).toBe(period);
    }
    expect(parse("aggregate", `metrics=${KPIS.join(",")}`).metrics).toEqual(KPIS);
    expect(parse("breakdown", `metrics=${BREAKDOWN_METRICS.join(",")}`).metrics).toEqual(BREAKDOWN_METRICS);
    for (const dimension of DIMENSIONS) expect(parse("breakdown", `dimension=${dimension}&f=${dimension}~is_not~x`).dimension).toBe(dimension);
  });

  it("takes a dashboard link's query string as it is, ignoring what only changes the drawing", () => {
    const state = {
      period: "custom" as const,
      from: "2026-02-01",
      to: "2026-02-28",
      filters: [{ dimension: "source" as const, operator: "is" as const, value: "a~b c%" }],
      interval: "week" as const,
      metric: "visits" as const,
      props: "signup",
      funnel: "0196f3a2-7c1e-7d2a-9b3c-4d5e6f708193",
    };
    const pasted = serializeDashboardParams(state).slice(1);
    const selection = { period: "custom", from: "2026-02-01", to: "2026-02-28", filters: state.filters };
    expect(parse("timeseries", pasted)).toEqual({ ...selection, interval: "week", metrics: ["visitors"] });
    expect(parse("aggregate", pasted)).toEqual({ ...selection, metrics: ["visitors"], compare: false });
    expect(parse("breakdown", pasted)).toMatchObject(selection);
  });

  it("trims spaces around metric names and lists each once", () => {
    expect(parse("aggregate", "metrics=visits, pageviews,visits").metrics).toEqual(["visits", "pageviews"]);
  });

  // Every bad value of every parameter: a 400 naming that parameter.
  const bad: [endpoint: StatsEndpoint, query: string, parameter: string, says?: RegExp][] = [
    ["aggregate", "site_id=", "site_id", /required/],
    ["aggregate", "site_id=42", "site_id", /UUID/],
    ["aggregate", `site_id=${SITE}&site_id=${SITE}`, "site_id", /more than once/],
    ["aggregate", "perod=7d", "perod", /Unknown parameter "perod".*site_id, period, from, to, f, metrics, compare/],
    ["aggregate", "filters=visit:country==DE", "filters", /f=dimension~operator~value/],
    ["aggregate", "interval=day&dimension=country", "dimension", /Unknown/],
    ["timeseries", "compare=previous_period", "compare", /Unknown/],
    ["timeseries", "limit=5", "limit", /Unknown/],
    ["aggregate", "period=week", "period", /one of today, yesterday, 24h, 7d, 30d, month, last_month, 90d, 12mo, all, custom/],
    ["aggregate", "period=", "period", /one of/],
    ["aggregate", "period=7d&period=30d", "period", /more than once/],
    ["aggregate", "period=custom", "from", /needs from and to/],
    ["aggregate", "period=custom&from=2026-03-01", "to", /needs from and to/],
    ["aggregate", "period=custom&from=2026-02-30&to=2026-03-01", "from", /YYYY-MM-DD/],
    ["aggregate", "period=custom&from=2026-03-01&to=03/07/2026", "to", /YYYY-MM-DD/],
    ["aggregate", "period=custom&from=1969-12-31&to=2026-03-01", "from", /1970-01-01/],
    ["aggregate", "period=custom&from=9998-12-30&to=9999-01-01", "to", /9998-12-31/],
    ["aggregate", "period=custom&from=2026-03-07&to=2026-03-01", "to", /before from/],
    ["aggregate", "period=custom&from=2000-01-01&to=2026-03-01", "to", /at most 3660 days/],
    ["aggregate", "period=7d&from=2026-03-01", "from", /period=custom/],
    ["aggregate", "to=2026-03-01", "to", /period=custom/],
    ["aggregate", "f=country", "f", /dimension~operator~value/],
    ["aggregate", "f=country~is", "f", /dimension~operator~value/],
    ["aggregate", "f=continent~is~EU", "f", /"continent" is not a dimension; dimensions: source, referrer,.*page, event/],
    ["aggregate", "f=country~equals~DE", "f", /"equals" is not an operator; operators: is, is_not, contains/],
    ["aggregate", "f=page~contains~", "f", /contains needs a value/],
    ["aggregate", `f=page~is~${"x".repeat(1001)}`, "f", /at most 1000 characters/],
    ["aggregate", "f=page~is~a%00b", "f", /NUL/],
    ["aggregate", Array.from({ length: 21 }, (_, index) => `f=page~is_not~${index}`).join("&"), "f", /At most 20 filters/],
    ["aggregate", "metrics=", "metrics", /"" is not a metric/],
    ["aggregate", "metrics=visitors,", "metrics", /"" is not a metric/],
    ["aggregate", "metrics=bounce_rate", "metrics", /metrics: visitors, visits, pageviews, viewsPerVisit, bounceRate, visitDuration/],
    ["aggregate", "metrics=events", "metrics", /not a metric here/],
    ["breakdown", "metrics=bounceRate", "metrics", /metrics: visitors, visits, pageviews, events/],
    ["aggregate", "compare=yes", "compare", /one of previous_period/],
    ["timeseries", "interval=minute", "interval", /one of hour, day, week, month/],
    ["breakdown", "dimension=", "dimension", /one of source/],
    ["breakdown", "dimension=continent", "dimension", /one of source/],
    ["breakdown", "limit=0", "limit", /from 1 to 1000/],
    ["breakdown", "limit=1001", "limit", /from 1 to 1000/],
    ["breakdown", "limit=ten", "limit", /whole number/],
    ["breakdown", "limit=1.5", "limit", /whole number/],
    ["breakdown", "limit=-1", "limit", /whole number/],
    ["breakdown", "page=0", "page", /from 1 to 999999/],
    ["breakdown", "page=1e3", "page", /whole number/],
    ["breakdown", "page=1000000", "page", /from 1 to 999999/],
  ];
  for (const [endpoint, query, parameter, says] of bad) {
    it(`refuses ${endpoint}?${query.slice(0, 60)}, naming ${parameter}`, () => {
      const error = refusal(() => parse(endpoint, query));
      expect(error.parameter).toBe(parameter);
      expect(error.message).toContain(parameter);
      if (says) expect(error.message).toMatch(says);
    });
  }

  it("asks a breakdown for its dimension", () => {
    const error = refusal(() => parseBreakdownParams(new URLSearchParams({ site_id: SITE })));
    expect(error).toMatchObject({ parameter: "dimension", message: expect.stringContaining("required") });
  });

  it("checks the site id alone before the caller is known", () => {
    expect(parseSiteId(new URLSearchParams({ site_id: SITE, period: "nonsense" }))).toBe(SITE);
    expect(refusal(() => parseSiteId(new URLSearchParams("period=7d"))).parameter).toBe("site_id");
  });

  it("quotes a long bad value back only in part", () => {
    const error = refusal(() => parse("aggregate", `period=${"x".repeat(5000)}`));
    expect(error.message.length).toBeLessThan(300);
  });
});

describe("resolveStatsPeriod", () => {
  const now = new Date("2026-03-10T15:30:00Z");

  it("resolves periods as the dashboard does, in the site's zone", () => {
    const resolved = resolveStatsPeriod(parse("aggregate", "period=7d"), "Asia/Kolkata", now);
    expect(resolved.range).toEqual({ from: "2026-03-04T00:00", to: "2026-03-10T22:00" });
    const custom = resolveStatsPeriod(parse("aggregate", "period=custom&from=2026-03-01&to=2026-03-02"), "UTC", now);
    expect(custom.range).toEqual({ from: "2026-03-01T00:00", to: "2026-03-03T00:00" });
    expect(custom.previous).toEqual({ from: "2026-02-27T00:00", to: "2026-03-01T00:00" });
  });

  it("keeps an interval that suits the period and refuses one that does not, naming those that do", () => {
    expect(resolveStatsPeriod(parse("timeseries", "period=7d&interval=hour"), "UTC", now).interval).toBe("hour");
    expect(resolveStatsPeriod(parse("timeseries", "period=7d"), "UTC", now).interval).toBe("day");
    const error = refusal(() => resolveStatsPeriod(parse("timeseries", "period=today&interval=month"), "UTC", now));
    expect(error).toMatchObject({ parameter: "interval", message: expect.stringContaining("it allows hour") });
    const long = refusal(() => resolveStatsPeriod(parse("timeseries", "period=custom&from=2020-01-01&to=2026-01-01&interval=hour"), "UTC", now));
    expect(long.message).toMatch(/it allows week, month/);
  });
});
