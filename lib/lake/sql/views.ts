import { ANALYTICS_MACROS_SQL } from "./analytics-macros";
import { localTimestampSql } from "./local-time-sql";
import { quoteString } from "./sql-literal";

/**
 * The analytics schema that SQL in the browser (the dashboard beyond the hot
 * window, the Explore page, the question box) reads: views over the site's
 * lake files and its recent tail, for DuckDB-WASM 1.28 (DuckDB v0.9.1, no
 * ICU, no JSON extension).
 *
 * `events`: one row per event, in the files' columns made ready for analysis.
 *   seq             BIGINT     the log's sequence; orders events with the same ts
 *   name            VARCHAR    'pageview' or the custom event's name
 *   ts              TIMESTAMP  when it happened, UTC
 *   local_ts        TIMESTAMP  the same instant on the site's wall clock (its time zone)
 *   visitor_id      VARCHAR
 *   user_id         VARCHAR    NULL unless the site identifies users
 *   hostname, path, referrer, referrer_host, utm_source, utm_medium, utm_campaign,
 *   utm_term, utm_content, country, region, city, browser, browser_version, os,
 *   os_version, device_type, language  VARCHAR, NULL when missing
 *   screen_width    INTEGER    NULL when missing
 *   props           VARCHAR    the custom event's properties as JSON text, or NULL
 *
 * `events_in_sessions`: every column of `events` plus
 *   session_start_ts TIMESTAMP  the UTC start of the event's session; with
 *                               visitor_id, the session's key
 *   visitor_event_number BIGINT the event's place among its visitor's events
 *                               in (ts, seq) order, from 1
 *
 * `sessions`: one row per session, by the rules of
 * lib/query/dashboard-model.ts (a visitor's events in (ts, seq) order, cut
 * where more than 30 minutes pass between two of them).
 *   visitor_id        VARCHAR
 *   start_ts          TIMESTAMP  first event, UTC (with visitor_id, the key)
 *   start_local_ts    TIMESTAMP  first event, site's wall clock
 *   end_ts            TIMESTAMP  last event, UTC
 *   duration_seconds  BIGINT     end - start, whole seconds, floored
 *   events            BIGINT     all its events
 *   pageviews         BIGINT
 *   custom_events     BIGINT
 *   bounce            BOOLEAN    exactly one event
 *   entry_page, exit_page  VARCHAR  path of its first and last pageview, '' without one
 *   source            VARCHAR    utm_source, else the referrer's host, else 'Direct / None'
 *   referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
 *   country, region, city, browser, os  VARCHAR  of its first event, '' when missing
 *   device            VARCHAR    the first event's device_type, '' when missing
 *   screen            VARCHAR    'Mobile' (< 576 px), 'Tablet' (< 992), 'Laptop' (< 1440), 'Desktop', '' without a width
 *
 * `prop(props, key)`: a macro reading one top-level property of `props` as
 * text (analytics-macros.ts; this DuckDB has no JSON functions).
 *
 * Sessions are cut from the events the files hold: a session that began
 * before the first registered day is seen from where the files start. The
 * dashboard registers a day more than its ranges need (see
 * lib/lake/sql/dashboard-sql.ts) so only sessions running for more than a
 * day without a 30-minute pause can be cut short.
 */
export interface LakeViewSources {
  /** Names under which the Parquet files (lake files and the tail) were registered with DuckDB. */
  parquetFiles: string[];
  /** The site's IANA time zone: `events.local_ts` is the event's wall-clock time there. */
  timeZone: string;
  /**
   * The UTC instants (ms) whose offsets are written into `local_ts`; events
   * outside take the nearest end's offset. Defaults to 2000 to 2070.
   */
  offsetSpan?: { from: number; to: number };
}

/** The gap that ends a session, in microseconds (SESSION_GAP_MS of dashboard-model.ts). */
export const SESSION_GAP_MICROS = 30 * 60 * 1_000_000;

/** The columns of `events` taken from the files as they are, with their types. */
const PLAIN_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ["visitor_id", "VARCHAR"],
  ["user_id", "VARCHAR"],
  ["hostname", "VARCHAR"],
  ["path", "VARCHAR"],
  ["referrer", "VARCHAR"],
  ["referrer_host", "VARCHAR"],
  ["utm_source", "VARCHAR"],
  ["utm_medium", "VARCHAR"],
  ["utm_campaign", "VARCHAR"],
  ["utm_term", "VARCHAR"],
  ["utm_content", "VARCHAR"],
  ["country", "VARCHAR"],
  ["region", "VARCHAR"],
  ["city", "VARCHAR"],
  ["browser", "VARCHAR"],
  ["browser_version", "VARCHAR"],
  ["os", "VARCHAR"],
  ["os_version", "VARCHAR"],
  ["device_type", "VARCHAR"],
  ["screen_width", "INTEGER"],
  ["language", "VARCHAR"],
  ["props", "VARCHAR"],
];

/** The statements that (re)create the views, in order. */
export function analyticsViewsSql(sources: LakeViewSources): string[] {
  return [eventsViewSql(sources), eventsInSessionsViewSql(), `CREATE OR REPLACE VIEW sessions AS ${sessionsSql("events_in_sessions")}`, ...ANALYTICS_MACROS_SQL];
}

function eventsViewSql({ parquetFiles, timeZone, offsetSpan }: LakeViewSources): string {
  const plain = PLAIN_COLUMNS.map(([name, type]) => `CAST(${name} AS ${type}) AS ${name}`).join(",\n    ");
  if (parquetFiles.length === 0) {
    // read_parquet refuses an empty list: the same columns, no rows.
    const nulls = PLAIN_COLUMNS.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(", ");
    return `CREATE OR REPLACE VIEW events AS
  SELECT CAST(NULL AS BIGINT) AS seq, CAST(NULL AS VARCHAR) AS name, CAST(NULL AS TIMESTAMP) AS ts, CAST(NULL AS TIMESTAMP) AS local_ts, ${nulls}
  WHERE false`;
  }
  const files = parquetFiles.map(quoteString).join(", ");
  // Not `id` nor `received_at`: files may stop carrying them. `ts` is a
  // TIMESTAMPTZ (microseconds) or a TIMESTAMP_MS in the files, both UTC
  // (parquet-writer.ts); without ICU the cast keeps the UTC instant.
  return `CREATE OR REPLACE VIEW events AS
  SELECT
    CAST(seq AS BIGINT) AS seq,
    CAST(name AS VARCHAR) AS name,
    utc_ts AS ts,
    ${localTimestampSql("utc_ts", timeZone, offsetSpan)} AS local_ts,
    ${plain}
  FROM (SELECT *, CAST(ts AS TIMESTAMP) AS utc_ts FROM read_parquet([${files}], union_by_name = true))`;
}

function eventsInSessionsViewSql(): string {
  // A running max of the session starts seen so far gives each event its
  // session's start: (ts, seq) order never moves ts backwards.
  return `CREATE OR REPLACE VIEW events_in_sessions AS
  SELECT * EXCLUDE (opens_session),
    max(CASE WHEN opens_session THEN ts END) OVER visitor_so_far AS session_start_ts,
    row_number() OVER visitor_so_far AS visitor_event_number
  FROM (
    SELECT *,
      coalesce(epoch_us(ts) - epoch_us(lag(ts) OVER (PARTITION BY visitor_id ORDER BY ts, seq)) > ${SESSION_GAP_MICROS}, true) AS opens_session
    FROM events
  )
  WINDOW visitor_so_far AS (PARTITION BY visitor_id ORDER BY ts, seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

/** Missing dimension values are '' in sessions (dashboard-model.ts). */
const orEmpty = (column: string) => `coalesce(${column}, '')`;

/**
 * The session dimensions as expressions over one event row: each session
 * takes those of its first event (entry and exit pages aside).
 */
export const SESSION_DIMENSION_SQL = {
  source: "coalesce(nullif(utm_source, ''), nullif(referrer_host, ''), 'Direct / None')",
  referrer: orEmpty("referrer"),
  utm_source: orEmpty("utm_source"),
  utm_medium: orEmpty("utm_medium"),
  utm_campaign: orEmpty("utm_campaign"),
  utm_term: orEmpty("utm_term"),
  utm_content: orEmpty("utm_content"),
  country: orEmpty("country"),
  region: orEmpty("region"),
  city: orEmpty("city"),
  browser: orEmpty("browser"),
  os: orEmpty("os"),
  device: orEmpty("device_type"),
  screen:
    "CASE WHEN screen_width IS NULL THEN '' WHEN screen_width < 576 THEN 'Mobile' WHEN screen_width < 992 THEN 'Tablet' WHEN screen_width < 1440 THEN 'Laptop' ELSE 'Desktop' END",
} as const;

/**
 * One row per session of `source` (a relation with the columns of
 * `events_in_sessions`): the `sessions` view, and the dashboard's table of
 * the same.
 */
export function sessionsSql(source: string): string {
  // arg_min skips rows whose value is NULL: every expression given it is never NULL.
  const first = (expression: string) => `arg_min(${expression}, visitor_event_number)`;
  const dimensions = Object.entries(SESSION_DIMENSION_SQL)
    .map(([name, expression]) => `${first(expression)} AS ${name}`)
    .join(",\n    ");
  return `SELECT
    visitor_id,
    session_start_ts AS start_ts,
    ${first("local_ts")} AS start_local_ts,
    max(ts) AS end_ts,
    (epoch_us(max(ts)) - epoch_us(min(ts))) // 1000000 AS duration_seconds,
    count(*) AS events,
    count(*) FILTER (WHERE name = 'pageview') AS pageviews,
    count(*) FILTER (WHERE name <> 'pageview') AS custom_events,
    count(*) = 1 AS bounce,
    coalesce(arg_min(coalesce(path, ''), visitor_event_number) FILTER (WHERE name = 'pageview'), '') AS entry_page,
    coalesce(arg_max(coalesce(path, ''), visitor_event_number) FILTER (WHERE name = 'pageview'), '') AS exit_page,
    ${dimensions}
  FROM ${source}
  GROUP BY visitor_id, session_start_ts`;
}
