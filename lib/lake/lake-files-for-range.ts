import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { LogPosition } from "@/lib/projections/projection";
import { sessionsProjection } from "@/lib/projections/sessions";
import { addDays } from "@/lib/query/dashboard-url";
import type { BlobStore } from "./blob-store";
import { LAKE_CHECKPOINT } from "./lake-checkpoint";
import { DAY_ROLLUP_VERSION } from "./sql/day-rollups";

/** How long a browser may fetch a file it was given; it asks again for the next query. */
export const LAKE_URL_TTL_SECONDS = 10 * 60;

export interface SignedLakeFile {
  /** The file's blob key: content-addressed (it ends in its SHA-256 prefix), so a browser may cache the bytes under it for good. */
  key: string;
  kind: string;
  day: string;
  rows: number;
  bytes: number;
  schemaVersion: number;
  url: string;
  /** The file's day rollup of the current DAY_ROLLUP_VERSION (lib/lake/sql/day-rollups.ts), content-addressed too; null without one. */
  rollup: { key: string; bytes: number; url: string } | null;
}

export interface LakeListing {
  files: SignedLakeFile[];
  /** The last log position the site's listed files hold (the whole lake's checkpoint); the tail is what comes after. */
  through: LogPosition;
  /** Whether the site has events after `through` in the log right now. */
  tailPending: boolean;
  /**
   * Local days of the range a day rollup cannot answer, whatever the files:
   * days with events in the tail (read just after the listing, from its
   * checkpoint), and days a visitor id reaches over from another day
   * (`multi_day_visitors`). Every day of the range while the sessions
   * projection, which keeps `multi_day_visitors`, has not read the log as
   * far as the lake holds it: until then a visitor of the lake's newest
   * events may reach over days it does not list yet. Sorted.
   */
  rawDays: string[];
}

/**
 * The site's listed lake files for local days `from`..`to` (both included;
 * a monthly file when its month reaches into them), each with a short-lived
 * signed URL, oldest first, and the lake's checkpoint, read in one statement
 * (one snapshot): every event of the site up to the checkpoint is in exactly
 * one of the files listed, so the files plus the log after the checkpoint
 * (lib/lake/read-lake-tail.ts) are every event once. Files replaced after
 * this answer stay in the store past the URLs' lifetime. The caller has
 * checked that its reader may read the site: the URLs open only these files.
 */
export async function lakeListing(db: Database, store: BlobStore, siteId: string, range: { from: string; to: string }): Promise<LakeListing> {
  const rows = await queryRows<{
    tx: string;
    seq: string | number;
    projected: boolean;
    raw_days: string[];
    key: string | null;
    kind: string;
    day: string;
    rows: string | number;
    bytes: string | number;
    schema_version: number;
    rollup_key: string | null;
    rollup_bytes: string | number | null;
  }>(
    db,
    sql`WITH c AS (
          SELECT coalesce((SELECT last_tx FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}), '0'::xid8) AS tx,
                 coalesce((SELECT last_seq FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}), 0) AS seq,
                 coalesce((SELECT last_tx FROM projection_checkpoints WHERE name = ${sessionsProjection.name}), '0'::xid8) AS sessions_tx,
                 coalesce((SELECT last_seq FROM projection_checkpoints WHERE name = ${sessionsProjection.name}), 0) AS sessions_seq),
        raw AS (
          SELECT coalesce(array_agg(DISTINCT g::date::text ORDER BY g::date::text), '{}') AS days
          FROM multi_day_visitors m,
               generate_series(greatest(m.first_day, ${range.from}::date), least(m.last_day, ${range.to}::date), interval '1 day') AS g
          WHERE m.site_id = ${siteId} AND m.first_day <= ${range.to}::date AND m.last_day >= ${range.from}::date)
        SELECT c.tx::text AS tx, c.seq, (c.sessions_tx, c.sessions_seq) >= (c.tx, c.seq) AS projected, raw.days AS raw_days,
               f.key, f.kind, f.day::text AS day, f.rows, f.bytes, f.schema_version,
               CASE WHEN f.rollup_version = ${DAY_ROLLUP_VERSION} THEN f.rollup_key END AS rollup_key, f.rollup_bytes
        FROM c CROSS JOIN raw
        LEFT JOIN lake_files f
          ON f.site_id = ${siteId}
          AND f.day <= ${range.to}::date
          AND (f.day >= ${range.from}::date OR (f.kind = 'monthly' AND f.day >= date_trunc('month', ${range.from}::date)::date))
        ORDER BY f.day, f.key`,
  );
  const first = rows[0]!;
  const through = { tx: first.tx, seq: Number(first.seq) };
  // Its own statement, with the checkpoint as values: against the checkpoint's CTE the planner
  // could not tell the tail is a few rows, and scanned the whole log (1 s at 3M events).
  const tailDays = await queryRows<{ day: string }>(
    db,
    sql`SELECT DISTINCT ((e.ts AT TIME ZONE s.time_zone)::date)::text AS day
        FROM events e JOIN sites s ON s.id = e.site_id
        WHERE e.site_id = ${siteId} AND (e.tx, e.seq) > (${through.tx}::xid8, ${through.seq}::bigint)`,
  );
  // Unprojected: every day a listed file holds (the first file's day is its month's for a monthly one).
  const firstFileDay = rows.find((row) => row.key !== null)?.day;
  const rawDays = new Set(first.projected || !firstFileDay ? first.raw_days : everyDay({ from: firstFileDay > range.from ? firstFileDay : range.from, to: range.to }));
  for (const { day } of tailDays) if (day >= range.from && day <= range.to) rawDays.add(day);
  const files = await Promise.all(
    rows
      .filter((row) => row.key !== null)
      .map(async (row) => ({
        key: row.key!,
        kind: row.kind,
        day: row.day,
        rows: Number(row.rows),
        bytes: Number(row.bytes),
        schemaVersion: Number(row.schema_version),
        url: await store.signedUrl(row.key!, LAKE_URL_TTL_SECONDS),
        rollup: row.rollup_key === null ? null : { key: row.rollup_key, bytes: Number(row.rollup_bytes), url: await store.signedUrl(row.rollup_key, LAKE_URL_TTL_SECONDS) },
      })),
  );
  return { files, through, tailPending: tailDays.length > 0, rawDays: [...rawDays].sort() };
}

/** The local days `from`..`to`, both included. */
function everyDay(range: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}
