import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { SESSION_DIMENSIONS } from "@/lib/query/dashboard-model";
import type { Transaction } from "./projection";

/**
 * Keeps `daily_stats` and `multi_day_visitors` (lib/db/schema/projections.ts)
 * in step with the sessions projection, inside its batch. The batch rewrites
 * the sessions of the visitors in its temp table `session_windows`; so that
 * the day rows stay exact sums, each of those visitors' whole contribution
 * (every session they have, not only the rewritten ones) is taken out before
 * the rewrite and put back after it:
 *
 *   await beforeSessionsRewrite(tx);   // while the old sessions are stored
 *   ...delete and insert sessions and hourly_hits...
 *   await afterSessionsRewrite(tx);
 *
 * A visitor counts once per (day, dimension, value), so a visitor's
 * contribution is all or nothing, and unchanged sessions cancel out.
 */
export async function beforeSessionsRewrite(tx: Transaction): Promise<void> {
  await tx.execute(sql`
    CREATE TEMP TABLE daily_stats_delta (
      site_id uuid, day date, dimension text, value text,
      visitors int, visits int, pageviews int, events int, bounces int, duration_seconds bigint)`);
  await addContribution(tx, -1);
}

export async function afterSessionsRewrite(tx: Transaction): Promise<void> {
  await addContribution(tx, 1);
  await tx.execute(sql`
    INSERT INTO daily_stats (site_id, day, dimension, value, visitors, visits, pageviews, events, bounces, duration_seconds)
    SELECT site_id, day, dimension, value, sum(visitors), sum(visits), sum(pageviews), sum(events), sum(bounces), sum(duration_seconds)
    FROM daily_stats_delta GROUP BY site_id, day, dimension, value
    HAVING sum(abs(visitors)) + sum(abs(visits)) + sum(abs(pageviews)) + sum(abs(events)) + sum(abs(bounces)) + sum(abs(duration_seconds)) > 0
    ON CONFLICT (site_id, day, dimension, value) DO UPDATE SET
      visitors = daily_stats.visitors + excluded.visitors, visits = daily_stats.visits + excluded.visits,
      pageviews = daily_stats.pageviews + excluded.pageviews, events = daily_stats.events + excluded.events,
      bounces = daily_stats.bounces + excluded.bounces, duration_seconds = daily_stats.duration_seconds + excluded.duration_seconds`);
  // A row whose sessions all moved to another day (a late event merged them) counts nothing now.
  await tx.execute(sql`
    DELETE FROM daily_stats d USING (SELECT DISTINCT site_id, day FROM daily_stats_delta) t
    WHERE d.site_id = t.site_id AND d.day = t.day AND d.visits = 0`);
  await tx.execute(sql`DROP TABLE daily_stats_delta`);

  await tx.execute(sql`
    DELETE FROM multi_day_visitors m USING session_windows w
    WHERE m.site_id = w.site_id AND m.visitor_id = w.visitor_id`);
  // From the hits, not the sessions' ends: where clocks fall back at midnight, a session's
  // last event can have an earlier local date than one before it.
  await tx.execute(sql`
    INSERT INTO multi_day_visitors (site_id, visitor_id, first_day, last_day)
    SELECT h.site_id, h.visitor_id, min(h.hour_local)::date, max(h.hour_local)::date
    FROM session_windows w JOIN hourly_hits h ON h.site_id = w.site_id AND h.visitor_id = w.visitor_id
    GROUP BY h.site_id, h.visitor_id
    HAVING min(h.hour_local)::date <> max(h.hour_local)::date`);
}

/** Each session dimension's own grouping set, and the day's totals: `()`. */
const sessionGroupings = sql.raw(`GROUPING SETS ((), ${SESSION_DIMENSIONS.map((dimension) => `(${dimension})`).join(", ")})`);
/** Which dimension a grouping-set row is of ("" for the totals), and its value. */
const sessionDimension = sql.raw(`CASE ${SESSION_DIMENSIONS.map((dimension) => `WHEN grouping(${dimension}) = 0 THEN '${dimension}'`).join(" ")} ELSE '' END`);
const sessionValue = sql.raw(`coalesce(${SESSION_DIMENSIONS.join(", ")}, '')`);

/** Add `sign` times the day rows of every session of the batch's visitors to the delta. */
async function addContribution(tx: Transaction, sign: 1 | -1): Promise<void> {
  const sessionsOfBatch = sql`SELECT s.* FROM session_windows w JOIN sessions s ON s.site_id = w.site_id AND s.visitor_id = w.visitor_id`;
  await tx.execute(sql`
    INSERT INTO daily_stats_delta
    SELECT site_id, day, dimension, value, ${sign} * visitors, ${sign} * visits, ${sign} * pageviews, ${sign} * events, ${sign} * bounces, ${sign} * duration_seconds
    FROM (${dayRowsOf(sessionsOfBatch)}) day_rows`);
}

/**
 * The `daily_stats` rows (site_id, day, dimension, value, visitors, visits,
 * pageviews, events, bounces, duration_seconds) of the sessions `sessionRows`
 * selects (whole rows of `sessions`).
 *
 * A visitor counts once per row. Rather than count(DISTINCT visitor_id), which
 * sorts, each row counts sessions and then takes off the repeats: the
 * sessions beyond a visitor's first in that row, found among the few visitors
 * with several sessions.
 */
function dayRowsOf(sessionRows: SQL): SQL {
  return sql`
    WITH visits AS MATERIALIZED (
      SELECT s.*, s.started_local::date AS day, s.events - s.pageviews AS custom_events,
        count(*) OVER (PARTITION BY s.site_id, s.visitor_id) > 1 AS returns
      FROM (${sessionRows}) s
    ),
    hits AS MATERIALIZED (
      SELECT v.site_id, v.day, v.visitor_id, v.returns, h.kind AS dimension, h.name AS value, v.bounce, v.duration_seconds,
        CASE WHEN h.kind = 'page' THEN sum(h.hits) ELSE v.pageviews END AS pageviews,
        CASE WHEN h.kind = 'event' THEN sum(h.hits) ELSE v.custom_events END AS events
      FROM visits v JOIN hourly_hits h ON h.site_id = v.site_id AND h.visitor_id = v.visitor_id AND h.session_start = v.started_at
      WHERE h.kind IN ('page', 'event')
      GROUP BY v.site_id, v.day, v.visitor_id, v.started_at, v.returns, h.kind, h.name, v.bounce, v.duration_seconds, v.pageviews, v.custom_events
    ),
    rows AS (
      SELECT site_id, day, ${sessionDimension} AS dimension, ${sessionValue} AS value, count(*) AS visits, sum(pageviews) AS pageviews,
        sum(custom_events) AS events, count(*) FILTER (WHERE bounce) AS bounces, sum(duration_seconds) AS duration_seconds, 0 AS repeats
      FROM visits GROUP BY site_id, day, ${sessionGroupings}
      UNION ALL
      SELECT site_id, day, ${sessionDimension}, ${sessionValue}, 0, 0, 0, 0, 0, count(*) - 1
      FROM visits WHERE returns GROUP BY site_id, day, visitor_id, ${sessionGroupings} HAVING count(*) > 1
      UNION ALL
      SELECT site_id, day, dimension, value, count(*), sum(pageviews), sum(events), count(*) FILTER (WHERE bounce), sum(duration_seconds), 0
      FROM hits GROUP BY site_id, day, dimension, value
      UNION ALL
      SELECT site_id, day, dimension, value, 0, 0, 0, 0, 0, count(*) - 1
      FROM hits WHERE returns GROUP BY site_id, day, visitor_id, dimension, value HAVING count(*) > 1
    )
    SELECT site_id, day, dimension, value, sum(visits) - sum(repeats) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
      sum(events) AS events, sum(bounces) AS bounces, sum(duration_seconds) AS duration_seconds
    FROM rows GROUP BY site_id, day, dimension, value`;
}
