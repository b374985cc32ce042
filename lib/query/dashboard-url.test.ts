import { describe, expect, it } from "vitest";
import {
  dashboardHref,
  DEFAULT_STATE,
  hotWindowStart,
  defaultInterval,
  intervalsFor,
  parseDashboardParams,
  parseDimension,
  parseListParams,
  rangeAndFilters,
  resolvePeriod,
  serializeDashboardParams,
  withFilter,
  withoutFilter,
  withPeriod,
  type DashboardState,
} from "./dashboard-url";

const parse = (query: string) => parseDashboardParams(new URLSearchParams(query));

describe("parseDashboardParams", () => {
  it("gives the defaults for an empty query", () => {
    expect(parse("")).toEqual({ period: "30d", filters: [], metric: "visitors" });
  });

  it("reads every part of a full query", () => {
    expect(parse("period=7d&f=country~is~DE&f=page~contains~%2Fblog&interval=hour&metric=bounceRate&props=signup")).toEqual({
      period: "7d",
      filters: [
        { dimension: "country", operator: "is", value: "DE" },
        { dimension: "page", operator: "contains", value: "/blog" },
      ],
      interval: "hour",
      metric: "bounceRate",
      props: "signup",
    });
  });

  it("accepts Next.js's searchParams object, repeated keys as arrays", () => {
    expect(parseDashboardParams({ period: "today", f: ["browser~is_not~Safari", "os~is~Linux"] })).toMatchObject({
      period: "today",
      filters: [
        { dimension: "browser", operator: "is_not", value: "Safari" },
        { dimension: "os", operator: "is", value: "Linux" },
      ],
    });
  });

  it("keeps separators, commas and spaces inside a filter value, and an empty value", () => {
    expect(parse("f=utm_campaign~is~a~b%2C%20c&f=country~is~").filters).toEqual([
      { dimension: "utm_campaign", operator: "is", value: "a~b, c" },
      { dimension: "country", operator: "is", value: "" },
    ]);
  });

  it("drops unknown dimensions, operators, metrics, intervals and periods instead of failing", () => {
    expect(parse("period=forever&f=colour~is~red&f=country~equals~DE&f=country&f=page~contains~&interval=minute&metric=revenue")).toEqual(
      DEFAULT_STATE,
    );
  });

  it("drops values Postgres cannot hold (NUL) rather than failing in the query", () => {
    expect(parse("f=page~is~a%00b&props=sign%00up")).toEqual(DEFAULT_STATE);
  });

  it("drops a repeated filter", () => {
    expect(parse("f=country~is~DE&f=country~is~DE").filters).toHaveLength(1);
  });

  it("takes a custom period only with two real days in order", () => {
    expect(parse("period=custom&from=2026-03-01&to=2026-03-07")).toMatchObject({ period: "custom", from: "2026-03-01", to: "2026-03-07" });
    expect(parse("period=custom&from=2026-03-01&to=2026-03-01")).toMatchObject({ period: "custom" });
    for (const bad of ["from=2026-03-07&to=2026-03-01", "from=2026-02-30&to=2026-03-01", "from=2026-3-1&to=2026-03-07", "to=2026-03-07", "from=1900-01-01&to=2026-01-01", "from=9999-12-01&to=9999-12-31"]) {
      const state = parse(`period=custom&${bad}`);
      expect(state, bad).toMatchObject({ period: "30d" });
      expect(state.from, bad).toBeUndefined();
    }
  });
});

describe("serializeDashboardParams", () => {
  it("writes nothing for the defaults", () => {
    expect(serializeDashboardParams(DEFAULT_STATE)).toBe("");
  });

  it("writes filters readably, with the value encoded", () => {
    const state: DashboardState = { ...DEFAULT_STATE, filters: [{ dimension: "page", operator: "is", value: "/a b&c=d?e#f" }] };
    expect(serializeDashboardParams(state)).toBe("?f=page~is~%2Fa%20b%26c%3Dd%3Fe%23f");
  });

  it("round-trips through parse", () => {
    const states: DashboardState[] = [
      { period: "custom", from: "2025-12-30", to: "2026-01-02", filters: [], metric: "visitDuration" },
      {
        period: "yesterday",
        filters: [
          { dimension: "city", operator: "contains", value: "São ~ Paulo, \"SP\"\n" },
          { dimension: "event", operator: "is", value: "" },
          { dimension: "source", operator: "is_not", value: "Direct / None" },
        ],
        interval: "hour",
        metric: "pageviews",
        props: "sign up",
        funnel: "0190a000-0000-7000-8000-000000000001",
      },
    ];
    for (const state of states) {
      const search = serializeDashboardParams(state);
      expect(parse(search.slice(1))).toEqual(state);
      expect(parseDashboardParams(new URL(`http://x/${search}`).searchParams)).toEqual(state);
    }
  });

  it("appends extra parameters and skips undefined ones", () => {
    expect(dashboardHref("/sites/s/details/page", { ...DEFAULT_STATE, period: "7d" }, { sort: "visits", page: undefined })).toBe(
      "/sites/s/details/page?period=7d&sort=visits",
    );
    expect(dashboardHref("/sites/s", DEFAULT_STATE)).toBe("/sites/s");
  });
});

describe("state changes", () => {
  const germany = { dimension: "country", operator: "is", value: "DE" } as const;

  it("adds a filter and replaces an `is` on the same dimension, keeping the others", () => {
    const state: DashboardState = {
      ...DEFAULT_STATE,
      period: "7d",
      filters: [germany, { dimension: "country", operator: "is_not", value: "FR" }, { dimension: "os", operator: "is", value: "Linux" }],
    };
    const next = withFilter(state, { dimension: "country", operator: "is", value: "AT" });
    expect(next.period).toBe("7d");
    expect(next.filters).toEqual([
      { dimension: "country", operator: "is_not", value: "FR" },
      { dimension: "os", operator: "is", value: "Linux" },
      { dimension: "country", operator: "is", value: "AT" },
    ]);
    expect(withoutFilter(next, 0).filters.map((f) => f.value)).toEqual(["Linux", "AT"]);
  });

  it("drops the custom days and the interval when the period changes", () => {
    const custom: DashboardState = { ...DEFAULT_STATE, period: "custom", from: "2026-01-01", to: "2026-01-31", interval: "week", filters: [germany] };
    expect(withPeriod(custom, "today")).toEqual({ ...DEFAULT_STATE, period: "today", filters: [germany] });
    expect(withPeriod(DEFAULT_STATE, "custom", "2026-02-01", "2026-02-02")).toEqual({ ...DEFAULT_STATE, period: "custom", from: "2026-02-01", to: "2026-02-02" });
  });
});

describe("resolvePeriod", () => {
  // 14:25 in Berlin (UTC+1) on Tuesday 2026-03-10.
  const NOW = new Date("2026-03-10T13:25:00Z");
  const resolve = (query: string, timeZone = "Europe/Berlin", now = NOW) => resolvePeriod(parse(query), timeZone, now);

  it.each([
    ["period=today", { from: "2026-03-10T00:00", to: "2026-03-10T15:00" }, { from: "2026-03-09T09:00", to: "2026-03-10T00:00" }],
    ["period=yesterday", { from: "2026-03-09T00:00", to: "2026-03-10T00:00" }, { from: "2026-03-08T00:00", to: "2026-03-09T00:00" }],
    ["period=24h", { from: "2026-03-09T15:00", to: "2026-03-10T15:00" }, { from: "2026-03-08T15:00", to: "2026-03-09T15:00" }],
    ["period=7d", { from: "2026-03-04T00:00", to: "2026-03-10T15:00" }, { from: "2026-02-25T09:00", to: "2026-03-04T00:00" }],
    ["", { from: "2026-02-09T00:00", to: "2026-03-10T15:00" }, { from: "2026-01-10T09:00", to: "2026-02-09T00:00" }],
    ["period=month", { from: "2026-03-01T00:00", to: "2026-03-10T15:00" }, { from: "2026-02-19T09:00", to: "2026-03-01T00:00" }],
    ["period=last_month", { from: "2026-02-01T00:00", to: "2026-03-01T00:00" }, { from: "2026-01-04T00:00", to: "2026-02-01T00:00" }],
    ["period=custom&from=2026-01-01&to=2026-01-07", { from: "2026-01-01T00:00", to: "2026-01-08T00:00" }, { from: "2025-12-25T00:00", to: "2026-01-01T00:00" }],
    ["period=90d", { from: "2025-12-11T00:00", to: "2026-03-10T15:00" }, { from: "2025-09-12T09:00", to: "2025-12-11T00:00" }],
    ["period=12mo", { from: "2025-04-01T00:00", to: "2026-03-10T15:00" }, { from: "2024-04-22T09:00", to: "2025-04-01T00:00" }],
  ])("%s", (query, range, previous) => {
    expect(resolve(query)).toMatchObject({ range, previous });
  });

  it("takes the day and hour in the site's time zone, not the server's", () => {
    // Already Wednesday 02:25 in Auckland (UTC+13); still Tuesday 06:25 in Los Angeles (UTC-7 after 2026-03-08).
    expect(resolve("period=today", "Pacific/Auckland").range).toEqual({ from: "2026-03-11T00:00", to: "2026-03-11T03:00" });
    expect(resolve("period=today", "America/Los_Angeles").range).toEqual({ from: "2026-03-10T00:00", to: "2026-03-10T07:00" });
  });

  it("ends at the next local midnight when the current hour is the day's last", () => {
    const lateEvening = new Date("2026-12-31T22:59:59Z"); // 23:59:59 in Berlin
    expect(resolve("period=today", "Europe/Berlin", lateEvening).range).toEqual({ from: "2026-12-31T00:00", to: "2027-01-01T00:00" });
    expect(resolve("period=month", "Europe/Berlin", lateEvening).range).toEqual({ from: "2026-12-01T00:00", to: "2027-01-01T00:00" });
  });

  it("goes back across a year for last month in January", () => {
    expect(resolve("period=last_month", "UTC", new Date("2026-01-15T10:00:00Z")).range).toEqual({ from: "2025-12-01T00:00", to: "2026-01-01T00:00" });
  });

  it("counts wall-clock hours across a DST change", () => {
    // Berlin springs forward on 2026-03-29: 02:00 does not exist that night.
    expect(resolve("period=24h", "Europe/Berlin", new Date("2026-03-29T10:30:00Z")).range).toEqual({ from: "2026-03-28T13:00", to: "2026-03-29T13:00" });
  });

  it("starts all time on the site's first day, or ten years back without one", () => {
    const all = (firstDay?: string) => resolvePeriod(parse("period=all"), "Europe/Berlin", NOW, { firstDay }).range;
    expect(all("2024-02-29")).toEqual({ from: "2024-02-29T00:00", to: "2026-03-10T15:00" });
    // A first day after today (a clock ahead elsewhere) still gives a range that ends after it starts.
    expect(all("2026-03-11")).toEqual({ from: "2026-03-10T00:00", to: "2026-03-10T15:00" });
    expect(all()).toEqual({ from: "2016-03-03T00:00", to: "2026-03-10T15:00" });
    expect(all("1999-01-01")).toEqual(all());
    expect(resolvePeriod(parse("period=all"), "Europe/Berlin", NOW, { firstDay: "2020-01-01" })).toMatchObject({ interval: "month", intervals: ["week", "month"] });
  });

  it("puts 30 days inside the default hot window and 90 days beyond it", () => {
    const start = hotWindowStart("Europe/Berlin", 35, NOW);
    expect(start).toBe("2026-02-03T00:00");
    expect(resolve("period=30d").range.from >= start).toBe(true);
    expect(resolve("period=90d").range.from < start).toBe(true);
  });

  it("crosses the year for the last 12 months in January", () => {
    expect(resolve("period=12mo", "UTC", new Date("2026-01-15T10:00:00Z")).range).toEqual({ from: "2025-02-01T00:00", to: "2026-01-15T11:00" });
  });

  it("chooses an interval by the range's length, and honours one that fits", () => {
    expect(resolve("period=today")).toMatchObject({ interval: "hour", intervals: ["hour"] });
    expect(resolve("period=24h")).toMatchObject({ interval: "hour", intervals: ["hour"] });
    expect(resolve("period=7d")).toMatchObject({ interval: "day", intervals: ["hour", "day"] });
    expect(resolve("period=30d")).toMatchObject({ interval: "day", intervals: ["hour", "day", "week"] });
    expect(resolve("period=30d&interval=week").interval).toBe("week");
    expect(resolve("period=90d")).toMatchObject({ interval: "day", intervals: ["day", "week", "month"] });
    expect(resolve("period=12mo")).toMatchObject({ interval: "week", intervals: ["day", "week", "month"] });
    expect(resolve("period=today&interval=month").interval).toBe("hour");
    expect(resolve("period=custom&from=2025-01-01&to=2025-12-31")).toMatchObject({ interval: "week", intervals: ["day", "week", "month"] });
    expect(resolve("period=custom&from=2020-01-01&to=2025-12-31")).toMatchObject({ interval: "month", intervals: ["week", "month"] });
  });

  it("always offers the interval it chooses", () => {
    for (const hours of [1, 2, 23, 24, 25, 48, 49, 24 * 7, 24 * 40, 24 * 101, 24 * 800, 24 * 3659]) {
      const range = { from: "2020-01-01T00:00", to: new Date(Date.UTC(2020, 0, 1, hours)).toISOString().slice(0, 16) };
      expect(intervalsFor(range), String(hours)).toContain(defaultInterval(range));
    }
  });
});

describe("parseListParams", () => {
  it("reads the sort and page, with fallbacks", () => {
    expect(parseListParams(new URLSearchParams("sort=visits&page=3"), "page")).toEqual({ sort: "visits", page: 3 });
    expect(parseListParams(new URLSearchParams("sort=events"), "event")).toEqual({ sort: "events", page: 1 });
    expect(parseListParams(new URLSearchParams("sort=events&page=0"), "country")).toEqual({ sort: "visitors", page: 1 });
    expect(parseListParams(new URLSearchParams("page=-2"), "country").page).toBe(1);
    expect(parseListParams(new URLSearchParams("page=1e3"), "country").page).toBe(1);
  });
});

describe("the funnel parameter", () => {
  it("is kept only when it is a funnel id", () => {
    expect(parse("funnel=0190A000-0000-7000-8000-00000000000F").funnel).toBe("0190A000-0000-7000-8000-00000000000F");
    expect(parse("funnel=signup").funnel).toBeUndefined();
    expect(parse("funnel=").funnel).toBeUndefined();
  });
});

describe("rangeAndFilters", () => {
  it("keeps what selects the data and drops how it is shown", () => {
    const state = parse("period=custom&from=2026-01-01&to=2026-01-02&f=os~is~Linux&interval=hour&metric=visits&props=signup");
    expect(serializeDashboardParams(rangeAndFilters(state))).toBe("?period=custom&from=2026-01-01&to=2026-01-02&f=os~is~Linux");
  });
});

describe("parseDimension", () => {
  it("knows the model's dimensions only", () => {
    expect(parseDimension("entry_page")).toBe("entry_page");
    expect(parseDimension("Entry_page")).toBeUndefined();
    expect(parseDimension("constructor")).toBeUndefined();
  });
});
