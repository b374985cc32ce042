import { z } from "zod";
import { DIMENSIONS, FILTER_OPERATORS, INTERVALS, KPIS, type Dimension, type Filter, type Interval, type Kpi } from "@/lib/query/dashboard-model";
import {
  addDays,
  decodeFilter,
  DEFAULT_METRIC,
  DEFAULT_PERIOD,
  isDay,
  MAX_CUSTOM_DAYS,
  MAX_FILTER_VALUE_LENGTH,
  MAX_FILTERS,
  PERIODS,
  resolvePeriod,
  type Period,
  type ResolvedPeriod,
} from "@/lib/query/dashboard-url";
import { InvalidParameter } from "./invalid-parameter";
import {
  BREAKDOWN_LIMIT,
  BREAKDOWN_METRICS,
  COMPARE_OPTIONS,
  ignoredParametersOf,
  isRepeatable,
  MAX_PAGE,
  parametersOf,
  type BreakdownMetric,
  type StatsEndpoint,
  type StatsParameter,
} from "./stats-parameters";

/*
 * The stats endpoints' query strings, checked strictly. The dashboard's own
 * URL parser drops what it does not understand so that stale links still
 * open; an API client would instead get numbers for a question it did not
 * ask. So here every problem is an InvalidParameter naming the parameter
 * and what it allows. The syntax is the dashboard's (period names, `f`
 * filters), so a dashboard link's query string can be pasted.
 */

/** Which data: the period and the filters, as the dashboard URL gives them. */
export interface StatsSelection {
  period: Period;
  /** First and last day (YYYY-MM-DD, both included) of a custom period. */
  from?: string;
  to?: string;
  filters: Filter[];
}

export interface AggregateParams extends StatsSelection {
  metrics: Kpi[];
  /** Whether to add the previous period's values and the change. */
  compare: boolean;
}

export interface TimeseriesParams extends StatsSelection {
  metrics: Kpi[];
  /** Unset: the dashboard's default for the period. */
  interval?: Interval;
}

export interface BreakdownParams extends StatsSelection {
  metrics: BreakdownMetric[];
  dimension: Dimension;
  limit: number;
  /** 1-based. */
  page: number;
}

/** The last day a range may end on: the day after it must still be a four-digit year. */
const LAST_DAY = "9998-12-31";
/** Values quoted back in messages are cut here: a message is not an echo service. */
const QUOTE_LIMIT = 80;
/** The same test lib/access applies before it looks a site up. */
const siteIdSchema = z.uuid();

/** The site id: required, once, a UUID. Checked before the caller is, as access is decided per site. */
export function parseSiteId(input: URLSearchParams): string {
  const values = input.getAll("site_id");
  if (values.length > 1) throw repeated("site_id");
  const siteId = values[0] ?? "";
  if (siteId === "") throw new InvalidParameter("site_id", "site_id is required: the id of the site to read.");
  if (!siteIdSchema.safeParse(siteId).success) throw new InvalidParameter("site_id", `site_id must be a site's id, a UUID (got ${quote(siteId)}).`);
  return siteId;
}

/** `GET /api/v1/stats/aggregate`'s parameters; throws InvalidParameter. */
export function parseAggregateParams(input: URLSearchParams): AggregateParams {
  const params = readParameters(input, "aggregate");
  return {
    ...parseSelection(params),
    metrics: parseMetrics(params.one("metrics"), KPIS),
    compare: oneOf(params, "compare", COMPARE_OPTIONS) === "previous_period",
  };
}

/** `GET /api/v1/stats/timeseries`'s parameters; throws InvalidParameter. */
export function parseTimeseriesParams(input: URLSearchParams): TimeseriesParams {
  const params = readParameters(input, "timeseries");
  const interval = oneOf(params, "interval", INTERVALS);
  return { ...parseSelection(params), metrics: parseMetrics(params.one("metrics"), KPIS), ...(interval && { interval }) };
}

/** `GET /api/v1/stats/breakdown`'s parameters; throws InvalidParameter. */
export function parseBreakdownParams(input: URLSearchParams): BreakdownParams {
  const params = readParameters(input, "breakdown");
  const dimension = oneOf(params, "dimension", DIMENSIONS);
  if (!dimension) throw new InvalidParameter("dimension", `dimension is required, one of ${list(DIMENSIONS)}.`);
  return {
    ...parseSelection(params),
    metrics: parseMetrics(params.one("metrics"), BREAKDOWN_METRICS),
    dimension,
    limit: parseWholeNumber(params.one("limit"), "limit", BREAKDOWN_LIMIT.min, BREAKDOWN_LIMIT.max) ?? BREAKDOWN_LIMIT.default,
    page: parseWholeNumber(params.one("page"), "page", 1, MAX_PAGE) ?? 1,
  };
}

/**
 * The local hour range of the parameters at `now` in the site's zone, as
 * the dashboard resolves it. An interval that does not suit the range is
 * refused here (the dashboard would quietly pick another).
 */
export function resolveStatsPeriod(params: StatsSelection & { interval?: Interval }, timeZone: string, now: Date): ResolvedPeriod {
  const { period, from, to, filters, interval } = params;
  const resolved = resolvePeriod({ period, from, to, filters, interval, metric: DEFAULT_METRIC }, timeZone, now);
  if (interval && resolved.interval !== interval) {
    throw new InvalidParameter(
      "interval",
      `interval=${interval} does not suit this period (${resolved.range.from} to ${resolved.range.to}); it allows ${list(resolved.intervals)}.`,
    );
  }
  return resolved;
}

// ---------------------------------------------------------------------------

interface QueryParameters {
  one(name: StatsParameter): string | undefined;
  all(name: StatsParameter): string[];
}

/** The query's parameters, once every name is known to `endpoint` and single ones are single. */
function readParameters(input: URLSearchParams, endpoint: StatsEndpoint): QueryParameters {
  const read = parametersOf(endpoint);
  const known = new Set<string>([...read, ...ignoredParametersOf(endpoint)]);
  for (const name of new Set(input.keys())) {
    if (!known.has(name)) throw unknownParameter(name, endpoint, read);
    if (!isRepeatable(name as StatsParameter) && input.getAll(name).length > 1) throw repeated(name);
  }
  parseSiteId(input);
  return { one: (name) => input.get(name) ?? undefined, all: (name) => input.getAll(name) };
}

function parseSelection(params: QueryParameters): StatsSelection {
  const period = oneOf(params, "period", PERIODS) ?? DEFAULT_PERIOD;
  const filters = parseFilters(params.all("f"));
  const from = params.one("from");
  const to = params.one("to");
  if (period !== "custom") {
    if (from !== undefined || to !== undefined) {
      throw new InvalidParameter(from !== undefined ? "from" : "to", "from and to give the days of a custom range: send them with period=custom.");
    }
    return { period, filters };
  }
  const first = parseDay("from", from);
  const last = parseDay("to", to);
  if (last < first) throw new InvalidParameter("to", `to (${last}) is before from (${first}).`);
  if (last >= addDays(first, MAX_CUSTOM_DAYS)) throw new InvalidParameter("to", `A custom range holds at most ${MAX_CUSTOM_DAYS} days.`);
  return { period, from: first, to: last, filters };
}

function parseDay(name: "from" | "to", day: string | undefined): string {
  if (day === undefined) throw new InvalidParameter(name, "period=custom needs from and to, the first and last day (YYYY-MM-DD, both included).");
  if (!isDay(day) || day > LAST_DAY) throw new InvalidParameter(name, `${name} must be a day YYYY-MM-DD from 1970-01-01 to ${LAST_DAY} (got ${quote(day)}).`);
  return day;
}

/** Filters in the dashboard's syntax (lib/query/dashboard-url.ts decodeFilter), refused with the reason. */
function parseFilters(texts: string[]): Filter[] {
  if (texts.length > MAX_FILTERS) throw new InvalidParameter("f", `At most ${MAX_FILTERS} filters (f) at once; got ${texts.length}.`);
  return texts.map((text) => {
    const filter = decodeFilter(text);
    if (!filter) throw new InvalidParameter("f", whyNotAFilter(text));
    return filter;
  });
}

function whyNotAFilter(text: string): string {
  const parts = text.split("~");
  const example = "e.g. f=country~is~DE or f=page~contains~%2Fblog";
  if (parts.length < 3) return `f must be dimension~operator~value (got ${quote(text)}), ${example}.`;
  const [dimension = "", operator = ""] = parts;
  if (!includes(DIMENSIONS, dimension)) return `f: ${quote(dimension)} is not a dimension; dimensions: ${list(DIMENSIONS)}.`;
  if (!includes(FILTER_OPERATORS, operator)) return `f: ${quote(operator)} is not an operator; operators: ${list(FILTER_OPERATORS)}.`;
  if (operator === "contains") return `f: contains needs a value (${quote(text)} would match everything).`;
  // decodeFilter refuses it: Postgres text cannot hold NUL.
  if (text.includes("\0")) return "f: a filter value cannot contain the NUL character (%00).";
  return `f: a filter value holds at most ${MAX_FILTER_VALUE_LENGTH} characters.`;
}

/** A comma list of `allowed` names; each name once; unset: visitors. */
function parseMetrics<M extends string>(text: string | undefined, allowed: readonly M[]): M[] {
  if (text === undefined) return allowed.filter((metric) => metric === DEFAULT_METRIC);
  const metrics: M[] = [];
  for (const name of text.split(",").map((part) => part.trim())) {
    const metric = allowed.find((candidate) => candidate === name);
    if (!metric) throw new InvalidParameter("metrics", `metrics: ${quote(name)} is not a metric here; metrics: ${list(allowed)}.`);
    if (!metrics.includes(metric)) metrics.push(metric);
  }
  return metrics;
}

function parseWholeNumber(text: string | undefined, name: StatsParameter, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new InvalidParameter(name, `${name} must be a whole number from ${min} to ${max} (got ${quote(text)}).`);
  return value;
}

/** The parameter's value if it is one of `values`; undefined when absent; refused otherwise (an empty value too). */
function oneOf<T extends string>(params: QueryParameters, name: StatsParameter, values: readonly T[]): T | undefined {
  const text = params.one(name);
  if (text === undefined) return undefined;
  const value = values.find((candidate) => candidate === text);
  if (!value) throw new InvalidParameter(name, `${name} must be one of ${list(values)} (got ${quote(text)}).`);
  return value;
}

function unknownParameter(name: string, endpoint: StatsEndpoint, read: readonly string[]): InvalidParameter {
  const hint = name === "filters" ? " Filters are given as f=dimension~operator~value, one f per filter." : "";
  return new InvalidParameter(name, `Unknown parameter ${quote(name)}: ${endpoint} takes ${list(read)}.${hint}`);
}

function repeated(name: string): InvalidParameter {
  return new InvalidParameter(name, `${name} is given more than once; give it once.`);
}

function includes(values: readonly string[], value: string): boolean {
  return values.includes(value);
}

function list(values: readonly string[]): string {
  return values.join(", ");
}

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text);
}
