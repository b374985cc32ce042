import { getTableColumns, sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { xid8 } from "./xid8";

/** Bumped whenever an event column changes meaning; Parquet files carry it too. */
export const EVENT_SCHEMA_VERSION = 1;

/**
 * The immutable event log. Rows are only ever inserted (a trigger refuses
 * UPDATE); `seq` gives projections their reading order and `(site_id, id)`
 * makes a retried event land once.
 */
export const events = pgTable(
  "events",
  {
    siteId: uuid("site_id").notNull(),
    /** Client-generated UUIDv7. */
    id: uuid("id").notNull(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    /**
     * The appending transaction. Projections read in (tx, seq) order and only
     * below the oldest transaction still running, so a row whose transaction
     * commits late is never passed over (see lib/projections/run-projection.ts).
     */
    tx: xid8("tx")
      .notNull()
      .default(sql`pg_current_xact_id()`),
    /** "pageview" or a custom event name. */
    name: text("name").notNull(),
    /** Event time (client clock, skew-corrected). */
    ts: timestamp("ts", { withTimezone: true, mode: "date" }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Hash of (daily salt, site, IP, user agent): never the IP itself. */
    visitorId: text("visitor_id").notNull(),
    /** Set by identify() for product analytics. */
    userId: text("user_id"),
    hostname: text("hostname").notNull().default(""),
    path: text("path").notNull().default("/"),
    referrer: text("referrer"),
    referrerHost: text("referrer_host"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmTerm: text("utm_term"),
    utmContent: text("utm_content"),
    country: text("country"),
    region: text("region"),
    city: text("city"),
    browser: text("browser"),
    browserVersion: text("browser_version"),
    os: text("os"),
    osVersion: text("os_version"),
    deviceType: text("device_type"),
    screenWidth: integer("screen_width"),
    language: text("language"),
    props: jsonb("props").$type<Record<string, unknown>>(),
    schemaVersion: smallint("schema_version").notNull().default(EVENT_SCHEMA_VERSION),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.id] }),
    index("events_tx_seq_idx").on(table.tx, table.seq),
    index("events_site_ts_idx").on(table.siteId, table.ts),
    // Sessions are recomputed per visitor around each new event.
    index("events_site_visitor_ts_idx").on(table.siteId, table.visitorId, table.ts),
  ],
);

export type EventRow = typeof events.$inferSelect;
/** An event as writers supply it: Postgres assigns `seq` and `tx`. */
export type NewEventRow = Omit<typeof events.$inferInsert, "seq" | "tx">;

/** The columns writers supply, as [row property, column], in table order. */
export function writtenEventColumns() {
  return Object.entries(getTableColumns(events)).filter(([key]) => key !== "seq" && key !== "tx") as [keyof NewEventRow, (typeof events)["_"]["columns"][keyof NewEventRow]][];
}


/**
 * One random salt per UTC day for visitor ids. Salts older than two days are
 * deleted, after which nobody (us included) can link a visitor id to an IP.
 */
export const visitorSalts = pgTable("visitor_salts", {
  day: date("day", { mode: "string" }).primaryKey(),
  salt: text("salt").notNull(),
});

/** How many rejected payloads each site keeps; older ones are dropped first. */
export const QUARANTINE_PER_SITE = 1000;

/**
 * Rejected input, kept (bounded per site) so the site owner can see what
 * their pages sent and why it was refused.
 */
export const quarantinedPayloads = pgTable(
  "quarantined_payloads",
  {
    siteId: uuid("site_id").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    reason: text("reason").notNull(),
    /** The offending event or body, cut to a few KB. */
    payload: text("payload").notNull(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.id] })],
);
