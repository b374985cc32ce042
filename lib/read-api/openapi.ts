import { DIMENSIONS, FILTER_OPERATORS, INTERVALS, KPIS } from "@/lib/query/dashboard-model";
import { DEFAULT_METRIC, DEFAULT_PERIOD, MAX_CUSTOM_DAYS, MAX_FILTER_VALUE_LENGTH, MAX_FILTERS, PERIOD_LABELS, PERIODS } from "@/lib/query/dashboard-url";
import {
  BREAKDOWN_LIMIT,
  BREAKDOWN_METRICS,
  COMPARE_OPTIONS,
  ignoredParametersOf,
  MAX_PAGE,
  parametersOf,
  STATS_ENDPOINTS,
  type StatsEndpoint,
  type StatsParameter,
} from "./stats-parameters";

/*
 * The OpenAPI 3.1 description of the stats endpoints, served at
 * /api/v1/openapi.json. Parameters come from the table the parser reads
 * (stats-parameters.ts) and every value set from lib/query's constants, so
 * the document lists exactly what the parser accepts.
 */

type Json = Record<string, unknown>;

const LOCAL_HOUR = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00$", examples: ["2026-03-01T00:00"] };
const DAY = { type: "string", format: "date", examples: ["2026-03-01"] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const list = (values: readonly string[]) => values.map((value) => `\`${value}\``).join(", ");

/** Where each endpoint is and what it answers. */
const OPERATIONS: Record<StatsEndpoint, { summary: string; description: string; schema: string }> = {
  aggregate: {
    summary: "Totals of a period",
    description:
      "The dashboard's headline numbers for the period and filters. With `compare=previous_period`, each metric also carries the value of the period of the same length just before, and the change in percent of it.",
    schema: "AggregateResponse",
  },
  timeseries: {
    summary: "Metrics per interval",
    description:
      "The dashboard's chart: the metrics per bucket of `interval`, every bucket of the period present (empty ones as 0). A bucket's `date` is its local start, clipped to the period's start; weeks start on Monday, months on the 1st.",
    schema: "TimeseriesResponse",
  },
  breakdown: {
    summary: "Values of a dimension",
    description:
      "The dashboard's panels: the values of `dimension` that have visitors, most visitors first (ties by value in code-point order), a page at a time. A row's numbers are what the period and filters give with the filter `dimension is value` added; `events` counts custom events.",
    schema: "BreakdownResponse",
  },
};

/** A parameter's description as `endpoint` reads it (`metrics` differs per endpoint). */
const PARAMETERS: Record<StatsParameter, (endpoint: StatsEndpoint) => Json> = {
  site_id: () => ({ required: true, description: "The site to read; the API key's organisation must own it.", schema: { type: "string", format: "uuid" } }),
  period: () => ({
    description: `The range, in the site's time zone, as the dashboard's period menu names it: ${PERIODS.map((period) => `\`${period}\` (${PERIOD_LABELS[period]})`).join(", ")}; \`custom\` takes \`from\` and \`to\`. Ranges that reach the present end at the start of the next hour, so the current hour counts.`,
    schema: { type: "string", enum: PERIODS, default: DEFAULT_PERIOD },
  }),
  from: () => ({ description: "With `period=custom` (and only then): the first day of the range.", schema: DAY }),
  to: () => ({
    description: `With \`period=custom\` (and only then): the last day of the range, included; at most ${MAX_CUSTOM_DAYS} days after \`from\`.`,
    schema: DAY,
  }),
  f: () => ({
    description: `A filter, \`dimension~operator~value\`, as in the dashboard's URL (\`f=country~is~DE\`, \`f=page~contains~%2Fblog\`); repeat for more, all must hold (at most ${MAX_FILTERS}). Operators: ${list(FILTER_OPERATORS)} (a case-insensitive substring). A missing value is the empty string: \`f=country~is~\` finds it. Values hold at most ${MAX_FILTER_VALUE_LENGTH} characters.`,
    style: "form",
    explode: true,
    schema: { type: "array", maxItems: MAX_FILTERS, items: { type: "string", pattern: `^(${DIMENSIONS.join("|")})~(${FILTER_OPERATORS.join("|")})~` } },
  }),
  metrics: (endpoint) => ({
    description: "Comma-separated metrics to answer with.",
    style: "form",
    explode: false,
    schema: { type: "array", items: { type: "string", enum: endpoint === "breakdown" ? BREAKDOWN_METRICS : KPIS }, default: [DEFAULT_METRIC] },
  }),
  compare: () => ({ description: "Add the previous period's values and the change.", schema: { type: "string", enum: COMPARE_OPTIONS } }),
  interval: (endpoint) =>
    endpoint === "timeseries"
      ? {
          description:
            "The bucket size. Unset: the dashboard's default for the period. One that does not suit the period (a single point, or too many to draw) is refused, naming those that do.",
          schema: { type: "string", enum: INTERVALS },
        }
      : ignored("the dashboard's chart interval"),
  dimension: () => ({ required: true, description: "What to break down by.", schema: { type: "string", enum: DIMENSIONS } }),
  limit: () => ({
    description: "Rows per page.",
    schema: { type: "integer", minimum: BREAKDOWN_LIMIT.min, maximum: BREAKDOWN_LIMIT.max, default: BREAKDOWN_LIMIT.default },
  }),
  page: () => ({ description: "Which page, from 1.", schema: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: 1 } }),
  metric: () => ignored("the dashboard chart's metric"),
  props: () => ignored("the dashboard's open event properties"),
  funnel: () => ignored("the dashboard's funnel"),
};

function ignored(what: string): Json {
  return { description: `Accepted and ignored (${what}), so a dashboard link's query string can be pasted.`, schema: { type: "string" } };
}

function operation(endpoint: StatsEndpoint): Json {
  const { summary, description, schema } = OPERATIONS[endpoint];
  return {
    operationId: `stats${endpoint[0]!.toUpperCase()}${endpoint.slice(1)}`,
    summary,
    description,
    tags: ["stats"],
    parameters: [...parametersOf(endpoint), ...ignoredParametersOf(endpoint)].map((name) => ({ name, in: "query", ...PARAMETERS[name](endpoint) })),
    responses: {
      "200": { description: "The stats.", headers: { "cache-control": { schema: { type: "string", const: "private, no-store" } } }, content: { "application/json": { schema: ref(schema) } } },
      "400": response("InvalidParameter"),
      "401": response("Unauthorized"),
      "403": response("Forbidden"),
      "404": response("NotFound"),
    },
  };
}

const numbers = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, { type: "number" }]));

const SCHEMAS: Json = {
  Period: {
    type: "object",
    description: "The range answered: local wall-clock hours in the site's time zone, `to` exclusive.",
    required: ["from", "to", "timeZone"],
    properties: { from: LOCAL_HOUR, to: LOCAL_HOUR, timeZone: { type: "string", examples: ["Europe/Berlin"] } },
  },
  Range: { type: "object", required: ["from", "to"], properties: { from: LOCAL_HOUR, to: LOCAL_HOUR } },
  MetricValue: {
    type: "object",
    required: ["value"],
    properties: {
      value: { type: "number", description: "Not rounded. `bounceRate` is a percent (0-100), `visitDuration` in seconds." },
      previous: { type: "number", description: "With compare: the value over the previous period." },
      change: {
        type: ["integer", "null"],
        description: "With compare: the change from `previous` in percent of it, rounded (negative for a fall); 0 when both are 0, null when only `previous` is.",
      },
    },
  },
  AggregateResponse: {
    type: "object",
    required: ["results", "period"],
    properties: {
      results: { type: "object", description: "One entry per metric asked for.", properties: Object.fromEntries(KPIS.map((kpi) => [kpi, ref("MetricValue")])), additionalProperties: false },
      period: ref("Period"),
      comparison: { ...ref("Range"), description: "With compare: the previous period." },
    },
  },
  TimeseriesResponse: {
    type: "object",
    required: ["results", "interval", "period"],
    properties: {
      results: {
        type: "array",
        items: { type: "object", required: ["date"], properties: { date: LOCAL_HOUR, ...numbers(KPIS) }, additionalProperties: false },
      },
      interval: { type: "string", enum: INTERVALS },
      period: ref("Period"),
    },
  },
  BreakdownResponse: {
    type: "object",
    required: ["results", "page", "limit", "has_more", "period"],
    properties: {
      results: {
        type: "array",
        items: {
          type: "object",
          description: "The value under the dimension's name (`{\"country\": \"DE\", \"visitors\": 3}`; a missing value is \"\"), then the metrics asked for.",
          properties: { ...Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, { type: "string" }])), ...numbers(BREAKDOWN_METRICS) },
          additionalProperties: false,
        },
      },
      page: { type: "integer" },
      limit: { type: "integer" },
      has_more: { type: "boolean", description: "Whether the next page has rows." },
      period: ref("Period"),
    },
  },
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string" },
          message: { type: "string", description: "For people: names the parameter and what it allows." },
          parameter: { type: "string", description: "With `invalid_parameter`: the parameter at fault." },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });

/** The document; a fresh object each call, as callers may change theirs. */
export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Inlet read API",
      version: "1",
      description:
        "The dashboard's numbers for programs. Authenticate with an API key of the site's organisation that has the `read` scope: `Authorization: Bearer inlet_key_...`. Every metric, dimension, filter and period means what it means on the dashboard, times are the site's local time, and parameters use the dashboard URL's syntax. Anything malformed or unknown is refused with 400 `invalid_parameter`, naming the parameter.",
    },
    tags: [{ name: "stats" }],
    security: [{ apiKey: [] }],
    paths: Object.fromEntries(STATS_ENDPOINTS.map((endpoint) => [`/api/v1/stats/${endpoint}`, { get: operation(endpoint) }])),
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An organisation's API key with the `read` scope." } },
      schemas: SCHEMAS,
      responses: {
        InvalidParameter: errorResponse("`invalid_parameter`: a parameter is missing, malformed, unknown or repeated."),
        Unauthorized: errorResponse("No credentials, or an API key that is mistyped, revoked or deleted."),
        Forbidden: errorResponse("The API key's scope does not allow reading."),
        NotFound: errorResponse("No such site, or not one of the API key's organisation."),
      },
    },
  };
}
