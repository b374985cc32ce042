/**
 * The analytics schema as a language model reads it: the views of
 * lib/lake/sql/views.ts (kept beside its doc comment: a column added there is
 * added here) and the macros of lib/lake/sql/analytics-macros.ts, in the dialect
 * the SQL runs in (DuckDB v0.9.1 in the browser: no ICU, no JSON extension).
 */
export const ANALYTICS_SCHEMA_PROMPT = `Dialect: DuckDB 0.9 SQL. One SELECT (WITH allowed) over the views below; no other tables, no DDL, no file functions.
There are no time-zone functions: use local_ts / start_local_ts for days, hours, weeks and months on the site's wall clock, ts for instants.
Intervals: INTERVAL 7 DAY. Truncation: date_trunc('day', local_ts). Current local time: given below as a TIMESTAMP literal, never now() or current_date.
Not accepted (write it another way): \`//\` (use floor(a / b)), SELECT * EXCLUDE, QUALIFY, ORDER BY inside an aggregate (use arg_min(x, ts)),
IS [NOT] DISTINCT FROM, GROUP BY ALL, ORDER BY ALL, try_cast, table functions, schema-qualified names.

View events: one row per event.
  seq BIGINT            the log's sequence; orders events with the same ts
  name VARCHAR          'pageview' or the custom event's name
  ts TIMESTAMP          when it happened, UTC
  local_ts TIMESTAMP    the same instant on the site's wall clock (its time zone)
  visitor_id VARCHAR    a visitor (an id lasts one local day)
  user_id VARCHAR       NULL unless the site identifies users
  hostname, path, referrer, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
  country (ISO 3166-1 alpha-2, e.g. 'DE'), region, city, browser, browser_version, os, os_version,
  device_type ('desktop', 'mobile', 'tablet'), language  VARCHAR, NULL when missing
  screen_width INTEGER  NULL when missing
  props VARCHAR         the custom event's properties as JSON text, or NULL; read one with prop(props, 'key') (VARCHAR, NULL when absent)

View events_in_sessions: every column of events plus
  session_start_ts TIMESTAMP  the UTC start of the event's session; with visitor_id, the session's key

View sessions: one row per visit (a visitor's events cut where more than 30 minutes pass between two).
  visitor_id VARCHAR
  start_ts TIMESTAMP        first event, UTC (with visitor_id, the key)
  start_local_ts TIMESTAMP  first event, site's wall clock
  end_ts TIMESTAMP          last event, UTC
  duration_seconds BIGINT   end - start, whole seconds
  events BIGINT, pageviews BIGINT, custom_events BIGINT
  bounce BOOLEAN            exactly one event
  entry_page, exit_page VARCHAR  path of its first and last pageview, '' without one
  source VARCHAR            utm_source, else the referrer's host, else 'Direct / None'
  referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, country, region, city, browser, os VARCHAR  of its first event, '' when missing
  device VARCHAR            the first event's device_type, '' when missing
  screen VARCHAR            'Mobile', 'Tablet', 'Laptop', 'Desktop', '' without a width

Counting rules: visitors = count(DISTINCT visitor_id); pageviews = count(*) of events WHERE name = 'pageview';
visits = count(*) on sessions; bounce rate = 100.0 * avg(CASE WHEN bounce THEN 1 ELSE 0 END) on sessions;
pageviews and events count by event time (local_ts), visits, bounce rate and duration by session start (start_local_ts).`;

/** Questions and the SQL that answers them: the examples a model is shown. */
export const NLQ_EXAMPLES: readonly { question: string; sql: string; restatement: string }[] = [
  {
    question: "top pages last 7 days",
    restatement: "Pageviews and visitors by page, last 7 days",
    sql: `SELECT path, count(*) AS pageviews, count(DISTINCT visitor_id) AS visitors
FROM events
WHERE name = 'pageview' AND local_ts >= date_trunc('day', TIMESTAMP '{now}') - INTERVAL 6 DAY
GROUP BY path
ORDER BY pageviews DESC, path
LIMIT 20`,
  },
  {
    question: "visitors per day this month",
    restatement: "Unique visitors by day, this month",
    sql: `SELECT date_trunc('day', local_ts) AS day, count(DISTINCT visitor_id) AS visitors
FROM events
WHERE local_ts >= date_trunc('month', TIMESTAMP '{now}')
GROUP BY day
ORDER BY day`,
  },
  {
    question: "bounce rate by source",
    restatement: "Visits and bounce rate by source, all history",
    sql: `SELECT source, count(*) AS visits, round(100.0 * avg(CASE WHEN bounce THEN 1 ELSE 0 END), 1) AS bounce_rate
FROM sessions
GROUP BY source
ORDER BY visits DESC, source
LIMIT 20`,
  },
  {
    question: "signups by plan in Germany",
    restatement: "Signups by plan, country = DE, all history",
    sql: `SELECT prop(props, 'plan') AS plan, count(*) AS signups, count(DISTINCT visitor_id) AS visitors
FROM events
WHERE name = 'signup' AND country = 'DE'
GROUP BY plan
ORDER BY signups DESC
LIMIT 20`,
  },
];
