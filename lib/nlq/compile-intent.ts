import { quoteString } from "@/lib/lake/sql/sql-literal";
import type { Filter, FunnelStep, Intent, Metric, Target } from "./intent";
import { EVENT_PLURALS } from "./lexicon";
import { isoDate, type DayRange } from "./time-range";

/**
 * An intent as DuckDB SQL over the analytics views (lib/lake/sql/views.ts),
 * by the rules of lib/query/dashboard-model.ts: visitors, pageviews and
 * events count the events whose local time is in the range; visits, bounce
 * rate, visit duration and views per visit the sessions that start in it.
 * Session dimensions are the session's (joined from `sessions`); `page` is
 * the event's path. The SQL stays plain (CTEs, FILTER, CASE, CAST) for the
 * PostgreSQL-dialect guard.
 *
 * A comparison adds `<metric>_previous` beside each metric (two columns, one
 * row per group), computed over the earlier period.
 */

const SESSION_METRICS = new Set<Metric["kind"]>(["visits", "bounce_rate", "visit_duration", "views_per_visit"]);

export function isSessionMetric(metric: Metric): boolean {
  return SESSION_METRICS.has(metric.kind);
}

/** A SQL identifier: plain when it can be, else double-quoted. */
function ident(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function metricColumn(metric: Metric): string {
  switch (metric.kind) {
    case "event_count":
      return ident(EVENT_PLURALS[metric.event] ? EVENT_PLURALS[metric.event]!.toLowerCase().replaceAll(" ", "_") : `${metric.event}_events`);
    case "conversion_rate":
      return ident(`${metric.event}_conversion_rate`);
    default:
      return metric.kind;
  }
}

export function targetColumn(target: Target): string {
  return target.kind === "dimension" ? target.dimension : ident(target.key);
}

function timestamp(date: DayRange["from"]): string {
  return `TIMESTAMP '${isoDate(date)} 00:00:00'`;
}

function inRange(column: string, range: DayRange): string {
  return `${column} >= ${timestamp(range.from)} AND ${column} < ${timestamp(range.to)}`;
}

/** The condition a filter puts on an expression, with its alternatives ("twitter or reddit"). */
function condition(expression: string, filter: Filter): string {
  if (!filter.or?.length) return oneCondition(expression, filter);
  // Excluding "twitter or reddit" excludes both.
  const joiner = negative(filter) ? " AND " : " OR ";
  return `(${[filter, ...filter.or].map((part) => oneCondition(expression, part)).join(joiner)})`;
}

function oneCondition(expression: string, filter: Filter): string {
  const values = filter.values.map(quoteString);
  switch (filter.op) {
    case "is":
      return values.length === 1 ? `${expression} = ${values[0]}` : `${expression} IN (${values.join(", ")})`;
    case "is_not":
      return values.length === 1 ? `${expression} <> ${values[0]}` : `${expression} NOT IN (${values.join(", ")})`;
    case "contains":
      return `(${filter.values.map((value) => `strpos(lower(${expression}), ${quoteString(value.toLowerCase())}) > 0`).join(" OR ")})`;
    case "not_contains":
      return `(${filter.values.map((value) => `strpos(lower(${expression}), ${quoteString(value.toLowerCase())}) = 0`).join(" AND ")})`;
    case "starts_with":
      return `(${filter.values.map((value) => `starts_with(${expression}, ${quoteString(value)})`).join(" OR ")})`;
  }
}

function isEventLevel(target: Target): boolean {
  return target.kind === "property" || target.dimension === "page" || target.dimension === "event";
}

/** A target as an expression over an event row `alias` (session dimensions read the joined session `s`). */
function eventExpression(target: Target, alias: string): string {
  if (target.kind === "property") return `prop(${alias}.props, ${quoteString(target.key)})`;
  if (target.dimension === "page") return `${alias}.path`;
  if (target.dimension === "event") return `${alias}.name`;
  return `s.${target.dimension}`;
}

function negative(filter: Filter): boolean {
  return filter.op === "is_not" || filter.op === "not_contains";
}

function positive(filter: Filter): Filter {
  const op = filter.op === "is_not" ? "is" : filter.op === "not_contains" ? "contains" : filter.op;
  return { ...filter, op, or: filter.or?.map(positive) };
}

/** A session-level condition for an event-level filter: the session has (or has not) such an event. */
function sessionHasEvent(condition: string): string {
  return `EXISTS (SELECT 1 FROM events_in_sessions x WHERE x.visitor_id = s.visitor_id AND x.session_start_ts = s.start_ts AND ${condition})`;
}

function sessionFilter(filter: Filter): string {
  if (!isEventLevel(filter.target)) return condition(`s.${(filter.target as { dimension: string }).dimension}`, filter);
  const kind = filter.target.kind === "dimension" && filter.target.dimension === "page" ? "x.name = 'pageview' AND " : "";
  const has = sessionHasEvent(`${kind}${condition(eventExpression(filter.target, "x"), positive(filter))}`);
  return negative(filter) ? `NOT ${has}` : has;
}

interface Periods {
  /** The WHERE condition on the time column: the range, or either period when comparing. */
  where: (column: string) => string;
  /** One FILTER condition per output period (current first), or [null] without a comparison. */
  periods: ((column: string) => string | null)[];
}

function periodsOf(intent: Intent): Periods {
  const { range, compareWith } = intent;
  if (!compareWith) return { where: (column) => inRange(column, range), periods: [() => null] };
  return {
    where: (column) => `((${inRange(column, range)}) OR (${inRange(column, compareWith)}))`,
    periods: [(column) => inRange(column, range), (column) => inRange(column, compareWith)],
  };
}

function filterClause(conditions: (string | null)[]): string {
  const kept = conditions.filter((c): c is string => c !== null);
  return kept.length === 0 ? "" : ` FILTER (WHERE ${kept.join(" AND ")})`;
}

/** The name condition an event metric counts under, if any. */
function nameCondition(metric: Metric): string | null {
  switch (metric.kind) {
    case "pageviews":
      return "e.name = 'pageview'";
    case "custom_events":
      return "e.name <> 'pageview'";
    case "event_count":
      return `e.name = ${quoteString(metric.event)}`;
    default:
      return null;
  }
}

function eventAggregate(metric: Metric, period: string | null, whereHasName: boolean): string {
  const name = whereHasName ? null : nameCondition(metric);
  switch (metric.kind) {
    case "visitors":
      return `count(DISTINCT e.visitor_id)${filterClause([period])}`;
    case "pageviews":
    case "custom_events":
    case "event_count":
      return `count(*)${filterClause([name, period])}`;
    case "conversion_rate":
      return `100.0 * count(DISTINCT e.visitor_id)${filterClause([`e.name = ${quoteString(metric.event)}`, period])} / nullif(count(DISTINCT e.visitor_id)${filterClause([period])}, 0)`;
    default:
      throw new Error(`not an event metric: ${metric.kind}`);
  }
}

function sessionAggregate(metric: Metric, period: string | null): string {
  const visits = `count(*)${filterClause([period])}`;
  switch (metric.kind) {
    case "visits":
      return visits;
    case "bounce_rate":
      return `100.0 * count(*)${filterClause(["s.bounce", period])} / nullif(${visits}, 0)`;
    case "visit_duration":
      return `avg(CAST(s.duration_seconds AS DOUBLE))${filterClause([period])}`;
    case "views_per_visit":
      return `CAST(sum(s.pageviews)${filterClause([period])} AS DOUBLE) / nullif(${visits}, 0)`;
    default:
      throw new Error(`not a session metric: ${metric.kind}`);
  }
}

interface Key {
  name: string;
  eventSide: string;
  sessionSide: string;
}

function keysOf(intent: Intent): Key[] {
  const keys: Key[] = [];
  if (intent.granularity) {
    const bucket = (column: string) =>
      intent.granularity === "hour" ? `date_trunc('hour', ${column})` : `CAST(date_trunc('${intent.granularity}', ${column}) AS DATE)`;
    keys.push({ name: intent.granularity, eventSide: bucket("e.local_ts"), sessionSide: bucket("s.start_local_ts") });
  }
  if (intent.groupBy) {
    const target = intent.groupBy;
    keys.push({
      name: targetColumn(target),
      eventSide: eventExpression(target, "e"),
      sessionSide: target.kind === "dimension" && !isEventLevel(target) ? `s.${target.dimension}` : "",
    });
  }
  return keys;
}

function metricColumns(metric: Metric, compare: boolean): string[] {
  const column = metricColumn(metric);
  return compare ? [column, ident(`${column.replaceAll('"', "")}_previous`)] : [column];
}

/** Counts are 0, not NULL, for a group only the other side of a join has. */
function isCount(metric: Metric): boolean {
  return ["visitors", "visits", "pageviews", "custom_events", "event_count"].includes(metric.kind);
}

/** The SELECT over events for the event metrics. */
function eventSideSql(intent: Intent, metrics: Metric[], keys: Key[], periods: Periods): string {
  const targets = [...intent.filters.map((filter) => filter.target), ...(intent.groupBy ? [intent.groupBy] : [])];
  const needsSessions = targets.some((target) => !isEventLevel(target));
  const from = needsSessions
    ? "events_in_sessions e JOIN sessions s ON s.visitor_id = e.visitor_id AND s.start_ts = e.session_start_ts"
    : "events e";
  const where = [periods.where("e.local_ts"), ...intent.filters.map((filter) => condition(eventExpression(filter.target, "e"), filter))];
  const names = metrics.map(nameCondition);
  const allNamed = names.every((name) => name !== null);
  // Events of other names only make empty groups: keep them out of the scan.
  if (allNamed) where.push(new Set(names).size === 1 ? names[0]! : `(${[...new Set(names)].join(" OR ")})`);
  const oneName = allNamed && new Set(names).size === 1;
  if (intent.groupBy?.kind === "dimension" && intent.groupBy.dimension === "event") where.push("e.name <> 'pageview'");
  if (intent.groupBy?.kind === "property") where.push(`${eventExpression(intent.groupBy, "e")} IS NOT NULL`);
  if (intent.eventFilter.length > 0) {
    const names = intent.eventFilter.map(quoteString).join(", ");
    where.push(`e.visitor_id IN (SELECT visitor_id FROM events WHERE name IN (${names}) AND ${periods.where("local_ts")})`);
  }
  const select = [
    ...keys.map((key) => `${key.eventSide} AS ${key.name}`),
    ...metrics.flatMap((metric) => {
      const columns = metricColumns(metric, intent.compareWith !== null);
      return periods.periods.map((period, index) => `${eventAggregate(metric, period("e.local_ts"), oneName)} AS ${columns[index]}`);
    }),
  ];
  return `SELECT ${select.join(",\n    ")}\n  FROM ${from}\n  WHERE ${where.join("\n    AND ")}${keys.length ? `\n  GROUP BY ${keys.map((key) => key.eventSide).join(", ")}` : ""}`;
}

/** The SELECT over sessions for the session metrics. */
function sessionSideSql(intent: Intent, metrics: Metric[], keys: Key[], periods: Periods): string {
  const where = [periods.where("s.start_local_ts"), ...intent.filters.map(sessionFilter)];
  if (intent.eventFilter.length > 0) where.push(sessionHasEvent(`x.name IN (${intent.eventFilter.map(quoteString).join(", ")})`));
  const select = [
    ...keys.map((key) => `${key.sessionSide} AS ${key.name}`),
    ...metrics.flatMap((metric) => {
      const columns = metricColumns(metric, intent.compareWith !== null);
      return periods.periods.map((period, index) => `${sessionAggregate(metric, period("s.start_local_ts"))} AS ${columns[index]}`);
    }),
  ];
  return `SELECT ${select.join(",\n    ")}\n  FROM sessions s\n  WHERE ${where.join("\n    AND ")}${keys.length ? `\n  GROUP BY ${keys.map((key) => key.sessionSide).join(", ")}` : ""}`;
}

function orderAndLimit(intent: Intent, keys: Key[], firstMetric: string): string {
  const keyNames = keys.map((key) => key.name);
  if (intent.granularity) {
    const [bucket, ...rest] = keyNames;
    return `\nORDER BY ${[bucket, ...(rest.length ? [`${firstMetric} DESC`, ...rest] : [])].join(", ")}`;
  }
  if (keyNames.length === 0) return "";
  const direction = intent.order === "asc" ? "ASC" : "DESC";
  return `\nORDER BY ${firstMetric} ${direction} NULLS LAST, ${keyNames.join(", ")}${intent.limit !== null ? `\nLIMIT ${intent.limit}` : ""}`;
}

function stepCondition(step: FunnelStep, alias: string): string {
  return step.kind === "page" ? `${alias}.name = 'pageview' AND ${alias}.path = ${quoteString(step.path)}` : `${alias}.name = ${quoteString(step.event)}`;
}

function funnelSql(intent: Intent): string {
  const funnel = intent.funnel!;
  const needsSessions = intent.filters.some((filter) => !isEventLevel(filter.target));
  const from = needsSessions ? "events_in_sessions e JOIN sessions s ON s.visitor_id = e.visitor_id AND s.start_ts = e.session_start_ts" : "events e";
  const where = [inRange("e.local_ts", intent.range), stepCondition(funnel.steps[0], "e"), ...intent.filters.map((filter) => condition(eventExpression(filter.target, "e"), filter))];
  const window =
    funnel.withinSeconds !== null
      ? `epoch_us(n.ts) - epoch_us(f.ts) <= ${funnel.withinSeconds * 1_000_000}`
      : `n.local_ts < ${timestamp(intent.range.to)}`;
  return `WITH first_step AS (
  SELECT e.visitor_id, e.ts
  FROM ${from}
  WHERE ${where.join("\n    AND ")}
),
next_step AS (
  SELECT n.visitor_id, n.ts, n.local_ts FROM events n WHERE ${stepCondition(funnel.steps[1], "n")}
),
viewers AS (
  SELECT visitor_id FROM first_step GROUP BY visitor_id
),
converted AS (
  SELECT f.visitor_id
  FROM first_step f JOIN next_step n ON n.visitor_id = f.visitor_id AND n.ts >= f.ts AND ${window}
  GROUP BY f.visitor_id
)
SELECT
  count(*) AS step_1_visitors,
  count(c.visitor_id) AS step_2_visitors,
  100.0 * count(c.visitor_id) / nullif(count(*), 0) AS conversion_rate
FROM viewers v LEFT JOIN converted c ON c.visitor_id = v.visitor_id`;
}

/** The SQL answering an intent. */
export function compileIntent(intent: Intent): string {
  if (intent.funnel) return funnelSql(intent);
  const keys = keysOf(intent);
  const periods = periodsOf(intent);
  const eventMetrics = intent.metrics.filter((metric) => !isSessionMetric(metric));
  const sessionMetrics = intent.metrics.filter(isSessionMetric);
  const compare = intent.compareWith !== null;
  const firstMetric = metricColumn(intent.metrics[0]!);
  if (sessionMetrics.length === 0) return `${eventSideSql(intent, eventMetrics, keys, periods)}${orderAndLimit(intent, keys, firstMetric)}`;
  if (eventMetrics.length === 0) return `${sessionSideSql(intent, sessionMetrics, keys, periods)}${orderAndLimit(intent, keys, firstMetric)}`;
  const columns = intent.metrics.flatMap((metric) =>
    metricColumns(metric, compare).map((column) => (keys.length && isCount(metric) ? `coalesce(${column}, 0) AS ${column}` : column)),
  );
  const join = keys.length ? `FULL OUTER JOIN session_side USING (${keys.map((key) => key.name).join(", ")})` : "CROSS JOIN session_side";
  return `WITH event_side AS (
  ${eventSideSql(intent, eventMetrics, keys, periods)}
),
session_side AS (
  ${sessionSideSql(intent, sessionMetrics, keys, periods)}
)
SELECT ${[...keys.map((key) => key.name), ...columns].join(", ")}
FROM event_side ${join}${orderAndLimit(intent, keys, firstMetric)}`;
}
