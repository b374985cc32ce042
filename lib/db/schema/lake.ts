import { sql } from "drizzle-orm";
import { bigint, date, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sites } from "./tenancy";

/**
 * What a lake file holds: the events of one micro-batch of the log for one
 * local day of a site (`micro`, lib/lake/export-micro-batch.ts), a day's
 * files merged (`daily`), or a month's (`monthly`, its `day` the 1st),
 * both by lib/lake/compact-lake.ts.
 */
export const LAKE_FILE_KINDS = ["daily", "monthly", "micro"] as const;
export type LakeFileKind = (typeof LAKE_FILE_KINDS)[number];

/**
 * The manifest: every live Parquet file of the lake, one row each. A file
 * not listed here is not part of the lake (a write that failed before its
 * row committed, or one a newer export replaced). Row-level security is on
 * with no grant to the tenant role: browsers never read this table, the
 * server hands them signed URLs for the files it lists.
 */
export const lakeFiles = pgTable(
  "lake_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: LAKE_FILE_KINDS }).notNull(),
    /** The blob store key, `site=<id>/date=<YYYY-MM-DD>/<file>.parquet`. */
    key: text("key").notNull().unique(),
    /** The partition's local day in the site's time zone (a monthly file: its first day). */
    day: date("day", { mode: "string" }).notNull(),
    /** The earliest and latest event time in the file. */
    minTs: timestamp("min_ts", { withTimezone: true, mode: "date" }).notNull(),
    maxTs: timestamp("max_ts", { withTimezone: true, mode: "date" }).notNull(),
    rows: bigint("rows", { mode: "number" }).notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    /** The file's column layout (LAKE_SCHEMA_VERSION when written); readers handle each. */
    schemaVersion: smallint("schema_version").notNull(),
    /** SHA-256 of the file's bytes, hex. */
    sha256: text("sha256").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The file's day rollup (lib/lake/day-rollup-files.ts): a closed daily or
     * monthly file's unfiltered dashboard per local day, its own blob, set
     * once written. It lives and dies with the file: whoever unlists the
     * file discards this blob too. Several files may name the same blob.
     */
    rollupKey: text("rollup_key"),
    rollupBytes: bigint("rollup_bytes", { mode: "number" }),
    /** DAY_ROLLUP_VERSION when written (lib/lake/sql/day-rollups.ts). */
    rollupVersion: smallint("rollup_version"),
  },
  (table) => [
    // One live daily file per site-day: a re-export replaces the row.
    uniqueIndex("lake_files_daily_key").on(table.siteId, table.day).where(sql`${table.kind} = 'daily'`),
    index("lake_files_site_day_idx").on(table.siteId, table.day),
    // The garbage collector asks whether a blob is still some file's rollup.
    index("lake_files_rollup_key_idx").on(table.rollupKey),
  ],
).enableRLS();

export type LakeFileRow = typeof lakeFiles.$inferSelect;

/** Why a blob waits in `lake_garbage`. */
export const LAKE_GARBAGE_REASONS = ["pending", "replaced", "unlisted"] as const;

/**
 * Blobs to delete once `delete_after` has passed, and blobs being written
 * (`pending`: the row is committed before the upload and removed in the
 * transaction that lists the file, so a writer that dies leaves a row that
 * cleans up after it). A replaced file waits past the signed URLs handed out
 * for it (LAKE_URL_TTL_SECONDS); an unlisted one (found by the sweep) an
 * hour. Whoever deletes a blob holds its row locked meanwhile, and a writer
 * re-registers a key before uploading it, so a blob being listed is never
 * deleted (lib/lake/lake-garbage.ts).
 */
export const lakeGarbage = pgTable(
  "lake_garbage",
  {
    key: text("key").primaryKey(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: LAKE_GARBAGE_REASONS }).notNull(),
    deleteAfter: timestamp("delete_after", { withTimezone: true }).notNull(),
  },
  (table) => [index("lake_garbage_delete_after_idx").on(table.deleteAfter)],
).enableRLS();
