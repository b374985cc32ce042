import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { xid8 } from "./xid8";

/**
 * How far each projection has read the events log, as the last (tx, seq) it
 * applied: the log is read in that order (see lib/projections/run-projection.ts).
 */
export const projectionCheckpoints = pgTable("projection_checkpoints", {
  name: text("name").primaryKey(),
  lastTx: xid8("last_tx")
    .notNull()
    .default(sql`'0'::xid8`),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Read model: pageviews per site per day, the day in the site's time zone. */
export const dailyPageviews = pgTable(
  "daily_pageviews",
  {
    siteId: uuid("site_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    pageviews: bigint("pageviews", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.day] })],
);

/**
 * Read model: one row per visit (lib/query/dashboard-model.ts defines a
 * session). Recomputed from the log for a visitor whenever one of their
 * events arrives, so late events land in the right session.
 */
export const sessions = pgTable(
  "sessions",
  {
    siteId: uuid("site_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The start as wall-clock time in the site's zone: ranges and buckets use it. */
    startedLocal: timestamp("started_local", { mode: "string" }).notNull(),
    userId: text("user_id"),
    hostname: text("hostname").notNull(),
    /** "" when the session has no pageview. */
    entryPage: text("entry_page").notNull(),
    exitPage: text("exit_page").notNull(),
    pageviews: integer("pageviews").notNull(),
    events: integer("events").notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    bounce: boolean("bounce").notNull(),
    /** A non-empty utm_source, else a non-empty referrer host, else "Direct / None". */
    source: text("source").notNull(),
    referrer: text("referrer").notNull(),
    utmSource: text("utm_source").notNull(),
    utmMedium: text("utm_medium").notNull(),
    utmCampaign: text("utm_campaign").notNull(),
    utmTerm: text("utm_term").notNull(),
    utmContent: text("utm_content").notNull(),
    country: text("country").notNull(),
    region: text("region").notNull(),
    city: text("city").notNull(),
    browser: text("browser").notNull(),
    os: text("os").notNull(),
    device: text("device").notNull(),
    /** Mobile (< 576 px), Tablet (< 992), Laptop (< 1440), Desktop, or "". */
    screen: text("screen").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.visitorId, table.startedAt] }),
    index("sessions_site_started_local_idx").on(table.siteId, table.startedLocal),
  ],
);

/** What a row of `hourly_hits` counts. */
export const HIT_KINDS = ["page", "event", "prop"] as const;
export type HitKind = (typeof HIT_KINDS)[number];

/**
 * Read model: the rollup by site, local hour and dimension for the
 * event-level dimensions (pages, custom events and their properties).
 * The visitor and session stay in the key so unique visitors and visits over
 * any range are exact, not sums of per-hour uniques; repeats within the same
 * hour and session fold into `hits`.
 *   page:  name = path
 *   event: name = custom event name
 *   prop:  name = custom event name, prop_key / prop_value = one top-level property
 */
export const hourlyHits = pgTable(
  "hourly_hits",
  {
    siteId: uuid("site_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    /** The session the hits belong to (sessions.started_at). */
    sessionStart: timestamp("session_start", { withTimezone: true, mode: "date" }).notNull(),
    hourLocal: timestamp("hour_local", { mode: "string" }).notNull(),
    kind: text("kind", { enum: HIT_KINDS }).notNull(),
    name: text("name").notNull(),
    propKey: text("prop_key").notNull().default(""),
    propValue: text("prop_value").notNull().default(""),
    hits: integer("hits").notNull(),
  },
  // No primary key: rows are only ever replaced a whole session at a time,
  // and the eight-column key cost more to maintain than the rest of the insert.
  (table) => [
    index("hourly_hits_session_idx").on(table.siteId, table.visitorId, table.sessionStart),
    index("hourly_hits_site_hour_idx").on(table.siteId, table.hourLocal),
  ],
);

/**
 * Read model: the dashboard's numbers per site, local day and dimension value,
 * summed over days for the whole days of unfiltered ranges
 * (lib/query/whole-days.ts). dimension "" / value "" holds the day's totals.
 *
 * Summing unique visitors over days is exact only because a visitor id lives
 * on one local day: the collector salts it with that day's salt. Each
 * row counts the sessions that start on `day` and their hits; where a visitor
 * id reaches over several days (data from before that rule, a time-zone
 * change, imported rows) `multi_day_visitors` says so and queries over those
 * days take the exact path instead.
 *   visitors  distinct visitors of the sessions counted
 *   visits    sessions that start on `day` (for page/event: holding that value)
 *   pageviews, events  their page hits and custom-event hits (for page/event:
 *             the hits of that value, and the other kind's hits of those sessions)
 */
export const dailyStats = pgTable(
  "daily_stats",
  {
    siteId: uuid("site_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    visitors: integer("visitors").notNull(),
    visits: integer("visits").notNull(),
    pageviews: integer("pageviews").notNull(),
    events: integer("events").notNull(),
    bounces: integer("bounces").notNull(),
    durationSeconds: bigint("duration_seconds", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.day, table.dimension, table.value] })],
);

/** Visitor ids with sessions or hits on more than one local day, and the days they span. */
export const multiDayVisitors = pgTable(
  "multi_day_visitors",
  {
    siteId: uuid("site_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    firstDay: date("first_day", { mode: "string" }).notNull(),
    lastDay: date("last_day", { mode: "string" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.visitorId] }), index("multi_day_visitors_site_days_idx").on(table.siteId, table.firstDay)],
);
