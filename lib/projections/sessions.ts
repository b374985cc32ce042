import "server-only";
import { eq, sql } from "drizzle-orm";
import { dailyStats, hourlyHits, multiDayVisitors, sessions } from "@/lib/db/schema";
import { afterSessionsRewrite, beforeSessionsRewrite } from "./daily-stats";
import { logRows, type Projection } from "./projection";

/** The inactivity that ends a session (SESSION_GAP_MS in lib/query/dashboard-model.ts). */
const SESSION_GAP = sql.raw(`interval '30 minutes'`);

/**
 * Sessions, the hourly hits of pages, custom events and their properties,
 * and the day rows summed from them (daily-stats.ts).
 *
 * Sessions depend on every event of a visitor around them: a late event can
 * extend a session, or bridge two into one. So instead of folding each event
 * into a running total, a batch recomputes, from the log, every session its
 * visitors have near the batch's events:
 *
 *   1. per (site, visitor) in the batch, the window from its earliest to its
 *      latest new event, widened to cover the stored sessions that reach
 *      within 30 minutes of it (only those can merge with the new events);
 *   2. the stored sessions starting in that window, and their hits, go;
 *   3. the log's events in the window are cut into sessions again and stored.
 *
 * The result is a function of the log alone, so incremental == rebuild, and a
 * batch that reads an event twice (it was already visible, then its own
 * batch comes) only recomputes the same sessions.
 */
export const sessionsProjection: Projection = {
  name: "sessions",
  async apply(tx, range) {
    // A batch sorts and hashes tens of thousands of rows per statement; the
    // default 4 MB spilled them to disk.
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    await tx.execute(sql`
      CREATE TEMP TABLE session_windows AS
      WITH touched AS (
        SELECT site_id, visitor_id, min(ts) AS first_ts, max(ts) AS last_ts
        FROM ${logRows(range)} batch
        GROUP BY site_id, visitor_id
      )
      SELECT t.site_id, t.visitor_id,
        least(t.first_ts, min(s.started_at)) AS from_ts,
        greatest(t.last_ts, max(s.ended_at)) AS to_ts
      FROM touched t
      LEFT JOIN sessions s ON s.site_id = t.site_id AND s.visitor_id = t.visitor_id
        AND s.ended_at >= t.first_ts - ${SESSION_GAP} AND s.started_at <= t.last_ts + ${SESSION_GAP}
      GROUP BY t.site_id, t.visitor_id, t.first_ts, t.last_ts`);

    // Statistics for the temp table: without them the planner guessed its size and
    // scanned sessions and hourly_hits whole to hash-join them, once per statement.
    await tx.execute(sql`ANALYZE session_windows`);
    await beforeSessionsRewrite(tx);
    // Every stored session starting inside a window reaches within 30 minutes of a new event.
    await tx.execute(sql`
      DELETE FROM hourly_hits h USING session_windows w
      WHERE h.site_id = w.site_id AND h.visitor_id = w.visitor_id AND h.session_start BETWEEN w.from_ts AND w.to_ts`);
    await tx.execute(sql`
      DELETE FROM sessions s USING session_windows w
      WHERE s.site_id = w.site_id AND s.visitor_id = w.visitor_id AND s.started_at BETWEEN w.from_ts AND w.to_ts`);

    // The window's events, each marked with the start of its session.
    await tx.execute(sql`
      CREATE TEMP TABLE session_events AS
      WITH ordered AS (
        SELECT e.*, st.time_zone,
          CASE WHEN e.ts - lag(e.ts) OVER visitor <= ${SESSION_GAP} THEN 0 ELSE 1 END AS starts_session
        FROM session_windows w
        JOIN events e ON e.site_id = w.site_id AND e.visitor_id = w.visitor_id AND e.ts BETWEEN w.from_ts AND w.to_ts
        JOIN sites st ON st.id = w.site_id
        WINDOW visitor AS (PARTITION BY e.site_id, e.visitor_id ORDER BY e.ts, e.seq)
      ),
      numbered AS (
        SELECT *, sum(starts_session) OVER (PARTITION BY site_id, visitor_id ORDER BY ts, seq) AS session_no FROM ordered
      )
      SELECT *,
        min(ts) OVER (PARTITION BY site_id, visitor_id, session_no) AS session_start,
        row_number() OVER (PARTITION BY site_id, visitor_id, session_no ORDER BY ts, seq) AS position
      FROM numbered`);

    await tx.execute(sql`
      INSERT INTO sessions (site_id, visitor_id, started_at, ended_at, started_local, user_id, hostname, entry_page, exit_page,
        pageviews, events, duration_seconds, bounce, source, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
        country, region, city, browser, os, device, screen)
      WITH totals AS (
        SELECT site_id, visitor_id, session_start, max(ts) AS ended_at, count(*)::int AS events,
          count(*) FILTER (WHERE name = 'pageview')::int AS pageviews,
          (array_agg(path ORDER BY ts, seq) FILTER (WHERE name = 'pageview'))[1] AS entry_page,
          (array_agg(path ORDER BY ts DESC, seq DESC) FILTER (WHERE name = 'pageview'))[1] AS exit_page,
          (array_agg(user_id ORDER BY ts, seq) FILTER (WHERE user_id IS NOT NULL))[1] AS user_id
        FROM session_events GROUP BY site_id, visitor_id, session_start
      )
      SELECT t.site_id, t.visitor_id, t.session_start, t.ended_at, f.session_start AT TIME ZONE f.time_zone, t.user_id, f.hostname,
        coalesce(t.entry_page, ''), coalesce(t.exit_page, ''), t.pageviews, t.events,
        floor(extract(epoch FROM t.ended_at - t.session_start))::int, t.events = 1,
        coalesce(nullif(f.utm_source, ''), nullif(f.referrer_host, ''), 'Direct / None'), coalesce(f.referrer, ''),
        coalesce(f.utm_source, ''), coalesce(f.utm_medium, ''), coalesce(f.utm_campaign, ''), coalesce(f.utm_term, ''), coalesce(f.utm_content, ''),
        coalesce(f.country, ''), coalesce(f.region, ''), coalesce(f.city, ''), coalesce(f.browser, ''), coalesce(f.os, ''), coalesce(f.device_type, ''),
        CASE WHEN f.screen_width IS NULL THEN '' WHEN f.screen_width < 576 THEN 'Mobile' WHEN f.screen_width < 992 THEN 'Tablet'
             WHEN f.screen_width < 1440 THEN 'Laptop' ELSE 'Desktop' END
      FROM totals t
      JOIN session_events f ON f.site_id = t.site_id AND f.visitor_id = t.visitor_id AND f.session_start = t.session_start AND f.position = 1`);

    await tx.execute(sql`
      INSERT INTO hourly_hits (site_id, visitor_id, session_start, hour_local, kind, name, prop_key, prop_value, hits)
      WITH located AS (
        SELECT *, date_trunc('hour', ts AT TIME ZONE time_zone) AS hour_local FROM session_events
      )
      SELECT site_id, visitor_id, session_start, hour_local,
        CASE WHEN name = 'pageview' THEN 'page' ELSE 'event' END, CASE WHEN name = 'pageview' THEN path ELSE name END, '', '', count(*)::int
      FROM located GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT site_id, visitor_id, session_start, hour_local, 'prop', name, p.key,
        CASE WHEN jsonb_typeof(p.value) = 'string' THEN p.value #>> '{}' ELSE p.value::text END, count(*)::int
      FROM located, jsonb_each(CASE WHEN jsonb_typeof(props) = 'object' THEN props ELSE '{}'::jsonb END) AS p
      WHERE name <> 'pageview'
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);

    await afterSessionsRewrite(tx);

    // Temp tables outlive the transaction on a pooled connection: the next batch creates them afresh.
    await tx.execute(sql`DROP TABLE session_windows, session_events`);
  },
  async reset(tx, siteId) {
    for (const table of [hourlyHits, sessions, dailyStats, multiDayVisitors]) {
      await tx.delete(table).where(siteId === undefined ? undefined : eq(table.siteId, siteId));
    }
  },
};
