import {
  DIMENSIONS,
  FILTER_OPERATORS,
  INTERVALS,
  KPIS,
  type Dimension,
  type Filter,
  type FilterOperator,
  type HourRange,
  type Interval,
  type Kpi,
} from "./dashboard-model";

/**
 * The dashboard's state as it lives in the URL, so a view can be bookmarked,
 * shared and reloaded: which period, which filters, the chart's interval and
 * KPI, and the event whose properties are open.
 *
 *   ?period=7d&f=country~is~DE&f=page~contains~%2Fblog&interval=day&metric=visits&props=signup
 *   ?period=custom&from=2026-03-01&to=2026-03-07
 *
 * Pure and free of server code: the server page and the client components
 * read and write URLs with the same functions. Anything malformed is dropped
 * in favour of the default, so a hand-edited or stale link still opens.
 */

export const PERIODS = ["today", "yesterday", "24h", "7d", "30d", "month", "last_month", "90d", "12mo", "all", "custom"] as const;
export type Period = (typeof PERIODS)[number];
export const PRESET_PERIODS = PERIODS.filter((period): period is Exclude<Period, "custom"> => period !== "custom");

export const DEFAULT_PERIOD: Period = "30d";
export const DEFAULT_METRIC: Kpi = "visitors";

export const PERIOD_LABELS: Record<Period, string> = {
  today: "Today",
  yesterday: "Yesterday",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  month: "Month to date",
  last_month: "Last month",
  "90d": "Last 90 days",
  "12mo": "Last 12 months",
  all: "All time",
  custom: "Custom range",
};

/** Custom ranges longer than this are refused: no interval would draw them in a readable number of points. */
export const MAX_CUSTOM_DAYS = 3660;
/** More filters than this in one URL are ignored (a URL is not a query language). */
export const MAX_FILTERS = 20;
/** Longer filter values are ignored rather than cut, which would change their meaning. */
export const MAX_FILTER_VALUE_LENGTH = 1000;

export interface DashboardState {
  period: Period;
  /** First and last day (YYYY-MM-DD, both included) of a custom period; set exactly when `period` is "custom". */
  from?: string;
  to?: string;
  filters: Filter[];
  /** The interval the URL asks for; `resolvePeriod` falls back to the range's default when it does not fit. */
  interval?: Interval;
  /** The KPI the main chart draws. */
  metric: Kpi;
  /** The custom event whose properties are shown. */
  props?: string;
  /** The id of the funnel shown (the site's first when unset). */
  funnel?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_STATE: DashboardState = { period: DEFAULT_PERIOD, filters: [], metric: DEFAULT_METRIC };

/** What Next.js passes as `searchParams`, or a URL's own. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

function getAll(input: SearchParamsInput, name: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(name);
  const value = input[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function getOne(input: SearchParamsInput, name: string): string | undefined {
  return getAll(input, name)[0];
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value);
}

const FILTER_SEPARATOR = "~";

/** `country~is~DE`; the value is everything after the second separator, so it may hold the separator itself. */
export function encodeFilter(filter: Filter): string {
  return [filter.dimension, filter.operator, filter.value].join(FILTER_SEPARATOR);
}

/** The filter `encodeFilter` wrote, or undefined when any part is unknown or too long. */
export function decodeFilter(text: string): Filter | undefined {
  const first = text.indexOf(FILTER_SEPARATOR);
  const second = first < 0 ? -1 : text.indexOf(FILTER_SEPARATOR, first + 1);
  if (second < 0) return undefined;
  const dimension = oneOf<Dimension>(DIMENSIONS, text.slice(0, first));
  const operator = oneOf<FilterOperator>(FILTER_OPERATORS, text.slice(first + 1, second));
  const value = text.slice(second + 1);
  // Postgres text cannot hold NUL: such a value could only end in a database error.
  if (!dimension || !operator || value.length > MAX_FILTER_VALUE_LENGTH || value.includes("\u0000")) return undefined;
  // A substring test for "" holds for every value: a filter that filters nothing.
  if (operator === "contains" && value === "") return undefined;
  return { dimension, operator, value };
}

function sameFilter(a: Filter, b: Filter): boolean {
  return a.dimension === b.dimension && a.operator === b.operator && a.value === b.value;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `day` is a real calendar day written YYYY-MM-DD. */
export function isDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, date));
  // Up to 9998: a range's end is the next day's midnight, and year 10000 has no ISO date.
  return year >= 1970 && year <= 9998 && parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}

/** Read the dashboard's state from a URL's search parameters; never throws. */
export function parseDashboardParams(input: SearchParamsInput): DashboardState {
  const state: DashboardState = { ...DEFAULT_STATE, filters: [] };

  const period = oneOf(PERIODS, getOne(input, "period"));
  if (period === "custom") {
    const from = getOne(input, "from") ?? "";
    const to = getOne(input, "to") ?? "";
    if (isDay(from) && isDay(to) && from <= to && daysBetween(from, to) < MAX_CUSTOM_DAYS) Object.assign(state, { period, from, to });
  } else if (period) {
    state.period = period;
  }

  for (const text of getAll(input, "f")) {
    const filter = decodeFilter(text);
    if (filter && state.filters.length < MAX_FILTERS && !state.filters.some((known) => sameFilter(known, filter))) state.filters.push(filter);
  }

  const interval = oneOf(INTERVALS, getOne(input, "interval"));
  if (interval) state.interval = interval;
  state.metric = oneOf(KPIS, getOne(input, "metric")) ?? DEFAULT_METRIC;
  const props = getOne(input, "props");
  if (props && props.length <= MAX_FILTER_VALUE_LENGTH && !props.includes("\u0000")) state.props = props;
  const funnel = getOne(input, "funnel");
  if (funnel && UUID.test(funnel)) state.funnel = funnel;
  return state;
}

/**
 * The search string for `state` ("" or "?..."), defaults left out. Written with
 * encodeURIComponent rather than URLSearchParams, which would turn every `~`
 * of a filter into %7E.
 */
export function serializeDashboardParams(state: DashboardState, extra: Record<string, string | undefined> = {}): string {
  const pairs: [string, string][] = [];
  if (state.period === "custom" && state.from && state.to) pairs.push(["period", "custom"], ["from", state.from], ["to", state.to]);
  else if (state.period !== DEFAULT_PERIOD && state.period !== "custom") pairs.push(["period", state.period]);
  for (const filter of state.filters) pairs.push(["f", encodeFilter(filter)]);
  if (state.interval) pairs.push(["interval", state.interval]);
  if (state.metric !== DEFAULT_METRIC) pairs.push(["metric", state.metric]);
  if (state.props !== undefined) pairs.push(["props", state.props]);
  if (state.funnel !== undefined) pairs.push(["funnel", state.funnel]);
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) pairs.push([name, value]);
  if (pairs.length === 0) return "";
  return `?${pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&")}`;
}

/** `path` with `state` (and any extra parameters) as its query. */
export function dashboardHref(path: string, state: DashboardState, extra?: Record<string, string | undefined>): string {
  return `${path}${serializeDashboardParams(state, extra)}`;
}

/**
 * `state` with `dimension is value` added. An `is` filter on the same
 * dimension is replaced (a session has one country; both could never hold);
 * `is_not` and `contains` filters stay, as they can hold together with it.
 */
export function withFilter(state: DashboardState, filter: Filter): DashboardState {
  const kept = state.filters.filter((known) => !(known.dimension === filter.dimension && known.operator === "is" && filter.operator === "is"));
  return { ...state, filters: [...kept, filter] };
}

/** `state` without its filter at `index`. */
export function withoutFilter(state: DashboardState, index: number): DashboardState {
  return { ...state, filters: state.filters.filter((_, i) => i !== index) };
}

/** Only the period and filters of `state`: what selects the data, without how it is shown. */
export function rangeAndFilters(state: DashboardState): DashboardState {
  const { period, from, to, filters } = state;
  return period === "custom" ? { ...DEFAULT_STATE, period, from, to, filters } : { ...DEFAULT_STATE, period, filters };
}

/** `state` on another period; the interval goes back to the new range's default. */
export function withPeriod(state: DashboardState, period: Exclude<Period, "custom">): DashboardState;
export function withPeriod(state: DashboardState, period: "custom", from: string, to: string): DashboardState;
export function withPeriod(state: DashboardState, period: Period, from?: string, to?: string): DashboardState {
  const { from: _from, to: _to, interval: _interval, ...rest } = state;
  return period === "custom" ? { ...rest, period, from, to } : { ...rest, period };
}

// ---------------------------------------------------------------------------
// Periods to hour ranges

const HOUR_MS = 3_600_000;

/**
 * Local wall-clock hours as a plain number (hours since 1970-01-01T00:00 of
 * the wall clock). Range arithmetic stays on the wall clock, as HourRange
 * does: "7 days back" is seven calendar days, whatever a DST change does to
 * the number of real hours in between.
 */
function toHours(localHour: string): number {
  return Date.parse(`${localHour}:00Z`) / HOUR_MS;
}

function fromHours(hours: number): string {
  return new Date(hours * HOUR_MS).toISOString().slice(0, 16);
}

function dayStart(day: string): number {
  return toHours(`${day}T00:00`);
}

function daysBetween(from: string, to: string): number {
  return (dayStart(to) - dayStart(from)) / 24;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return fromHours(dayStart(day) + days * 24).slice(0, 10);
}

/** The first day of the month `months` calendar months from the month of `day` (YYYY-MM-01). */
function addMonths(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** The wall-clock day and hour of `now` in `timeZone`. */
export function localNow(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
}

export interface ResolvedPeriod {
  range: HourRange;
  /** The range of the same length that ends where `range` starts. */
  previous: HourRange;
  /** The chart's interval: the one asked for when it fits the range, else the range's default. */
  interval: Interval;
  /** The intervals that draw the range in a readable number of points, finest first. */
  intervals: Interval[];
}

/** A sensible ceiling for points in the chart; also the most points an interval may draw to be offered. */
const MAX_POINTS = 800;
/** The default interval is the finest that draws at most this many points. */
const DEFAULT_MAX_POINTS = 100;
const INTERVAL_HOURS: Record<Interval, number> = { hour: 1, day: 24, week: 24 * 7, month: 24 * 30.44 };

/** About how many points `interval` draws for `range` (weeks and months clipped at the start may add one). */
function pointCount(range: HourRange, interval: Interval): number {
  return Math.ceil((toHours(range.to) - toHours(range.from)) / INTERVAL_HOURS[interval]);
}

/** The intervals that suit a range: more than one point (hours always qualify) and at most MAX_POINTS. */
export function intervalsFor(range: HourRange): Interval[] {
  return INTERVALS.filter((interval) => {
    const points = pointCount(range, interval);
    return points <= MAX_POINTS && (points > 1 || interval === "hour");
  });
}

/** The finest interval that draws the range in at most DEFAULT_MAX_POINTS points. */
export function defaultInterval(range: HourRange): Interval {
  const fits = intervalsFor(range);
  return fits.find((interval) => pointCount(range, interval) <= DEFAULT_MAX_POINTS) ?? fits.at(-1) ?? "month";
}

export interface ResolveOptions {
  /**
   * The site's first day with data (YYYY-MM-DD, local), where "all" starts.
   * Without it, "all" reaches MAX_CUSTOM_DAYS back: the same numbers, a
   * longer chart.
   */
  firstDay?: string;
}

/**
 * The local hour range of the state's period at `now`, in the site's time
 * zone. Ranges that reach the present end at the start of the next hour, so
 * the current hour counts; "24h" is the 24 local hours ending with the current
 * one; "7d", "30d" and "90d" hold today and the 6, 29 or 89 days before it;
 * "12mo" the current month and the 11 before it; "all" starts on the site's
 * first day (see ResolveOptions); custom periods are whole days.
 */
export function resolvePeriod(state: DashboardState, timeZone: string, now: Date, options: ResolveOptions = {}): ResolvedPeriod {
  const { day: today, hour } = localNow(now, timeZone);
  const nextHour = dayStart(today) + hour + 1;
  const monthStart = `${today.slice(0, 8)}01`;
  let from: number;
  let to = nextHour;
  switch (state.period) {
    case "today":
      from = dayStart(today);
      break;
    case "yesterday":
      from = dayStart(addDays(today, -1));
      to = dayStart(today);
      break;
    case "24h":
      from = nextHour - 24;
      break;
    case "7d":
      from = dayStart(addDays(today, -6));
      break;
    case "month":
      from = dayStart(monthStart);
      break;
    case "last_month": {
      const lastMonth = addDays(monthStart, -1);
      from = dayStart(`${lastMonth.slice(0, 8)}01`);
      to = dayStart(monthStart);
      break;
    }
    case "90d":
      from = dayStart(addDays(today, -89));
      break;
    case "12mo":
      from = dayStart(addMonths(monthStart, -11));
      break;
    case "all": {
      const earliest = addDays(today, -(MAX_CUSTOM_DAYS - 1));
      const first = options.firstDay && isDay(options.firstDay) ? options.firstDay : earliest;
      from = dayStart(first > today ? today : first < earliest ? earliest : first);
      break;
    }
    case "custom":
      if (state.from && state.to && isDay(state.from) && isDay(state.to) && state.from <= state.to) {
        from = dayStart(state.from);
        to = dayStart(addDays(state.to, 1));
        break;
      }
      return resolvePeriod({ ...state, period: DEFAULT_PERIOD }, timeZone, now, options);
    case "30d":
    default:
      from = dayStart(addDays(today, -29));
  }
  const range = { from: fromHours(from), to: fromHours(to) };
  const previous = { from: fromHours(from - (to - from)), to: fromHours(from) };
  const intervals = intervalsFor(range);
  const interval = state.interval && intervals.includes(state.interval) ? state.interval : defaultInterval(range);
  return { range, previous, interval, intervals };
}

/**
 * The first local hour of the hot window: the days the log keeps every
 * event of (`hot_retention_days` before today). A range that starts earlier
 * is answered from the lake, in the browser.
 */
export function hotWindowStart(timeZone: string, hotRetentionDays: number, now: Date): string {
  return fromHours(dayStart(addDays(localNow(now, timeZone).day, -hotRetentionDays)));
}

// ---------------------------------------------------------------------------
// The full-list page's own parameters

export type BreakdownSort = "visitors" | "visits" | "pageviews" | "events";

/** The columns a dimension's rows can be sorted by: custom events count events, everything else pageviews. */
export function sortsFor(dimension: Dimension): BreakdownSort[] {
  return dimension === "event" ? ["visitors", "visits", "events"] : ["visitors", "visits", "pageviews"];
}

/** The dimension a path segment names, or undefined. */
export function parseDimension(text: string): Dimension | undefined {
  return oneOf(DIMENSIONS, text);
}

/** `sort` and 1-based `page` of a breakdown's full list; unknown values fall back to visitors and page 1. */
export function parseListParams(input: SearchParamsInput, dimension: Dimension): { sort: BreakdownSort; page: number } {
  const sort = oneOf(sortsFor(dimension), getOne(input, "sort")) ?? "visitors";
  const pageText = getOne(input, "page") ?? "";
  const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1;
  return { sort, page };
}
