import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { lockDailyLakeFile, putDailyLakeFile, timestampFromMicros } from "./manifest";
import { readParquetSummary } from "./parquet-reader";
import { lakeEventOfRow, LAKE_EVENT_COLUMNS } from "./log-events";
import { LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { sha256Hex, writeEventsParquet } from "./parquet-writer";

/** One partition of the lake: a site and a local day in its time zone. */
export const partitionSchema = z.object({ siteId: z.uuid(), day: z.iso.date() });
export type Partition = z.infer<typeof partitionSchema>;

export type ExportResult =
  | { exported: false; reason: "no events" }
  | {
      exported: true;
      key: string;
      rows: number;
      bytes: number;
      sha256: string;
      /** The file this export replaced in the manifest, when its key differs. */
      replacedKey: string | null;
      /** A replaced file that could not be deleted: no longer listed, safe to delete later. */
      leftoverKey: string | null;
    };

/** An export that would lose data or could not be verified; nothing in the manifest changed. */
export class LakeExportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LakeExportFailed";
  }
}

/** Rows read from the log per query; the writer takes them page by page. */
const PAGE_ROWS = 10_000;

/**
 * Export one site-day of the log to the lake: its events (the day taken in
 * the site's time zone, as the projections take it) as one Parquet file,
 * written, read back and verified (size, SHA-256, rows, time range), then
 * listed in the manifest in one transaction. Hot rows stay in Postgres.
 *
 * The key ends in the first 16 hex digits of the file's SHA-256, and the
 * same events always give the same bytes: re-running an export rewrites the
 * same object and leaves one manifest row. When the day's events changed (a
 * late event), the new file gets a new key and its manifest row replaces the
 * old one atomically, so a reader sees either the old file or the new one,
 * never a half-written object under a listed key; the old file is deleted
 * after the commit. A file written by an export that failed before its
 * commit is listed nowhere and is safe to delete.
 */
export async function exportPartition(db: Database, store: BlobStore, partition: Partition): Promise<ExportResult> {
  const { siteId, day } = partitionSchema.parse(partition);
  const [site] = await db.select({ timeZone: sites.timeZone }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw new LakeExportFailed(`No site ${siteId}`);

  const read = { rows: 0, first: null as LakeEvent | null, last: null as LakeEvent | null };
  async function* pages(): AsyncGenerator<LakeEvent[]> {
    for (;;) {
      const page = await readDayEvents(db, siteId, day, site!.timeZone, read.last);
      if (page.length === 0) return;
      read.rows += page.length;
      read.first ??= page[0]!;
      read.last = page.at(-1)!;
      yield page;
      if (page.length < PAGE_ROWS) return;
    }
  }
  const file = await writeEventsParquet(pages());
  if (!read.first || !read.last) return { exported: false, reason: "no events" };
  const { rows } = read;
  const minTs = read.first.ts;
  const maxTs = read.last.ts;

  const sha256 = sha256Hex(file);
  const key = `site=${siteId}/date=${day}/events-${sha256.slice(0, 16)}.parquet`;
  await store.put(key, file);
  await verifyStoredFile(store, key, { bytes: file.length, sha256, rows, minTs, maxTs });

  const previous = await db.transaction(async (tx) => {
    const current = await lockDailyLakeFile(tx, siteId, day);
    // The log only grows until hot rows are deleted after export; a smaller
    // day means they were, and this file would drop events from the lake.
    if (current && current.rows > rows) {
      throw new LakeExportFailed(`${day} of site ${siteId} has ${rows} events in the log but ${current.rows} in ${current.key}; not replacing it`);
    }
    await putDailyLakeFile(tx, current, { siteId, kind: "daily", key, day, minTs, maxTs, rows, bytes: file.length, schemaVersion: LAKE_SCHEMA_VERSION, sha256 });
    return current?.key ?? null;
  });

  const replacedKey = previous !== null && previous !== key ? previous : null;
  let leftoverKey: string | null = null;
  if (replacedKey) await store.delete(replacedKey).catch(() => (leftoverKey = replacedKey));
  return { exported: true, key, rows, bytes: file.length, sha256, replacedKey, leftoverKey };
}

/** Fetch the object back and check it is the file written, whole. */
async function verifyStoredFile(store: BlobStore, key: string, expected: { bytes: number; sha256: string; rows: number; minTs: bigint; maxTs: bigint }): Promise<void> {
  const stored = await store.get(key);
  if (!stored) throw new LakeExportFailed(`${key} is missing right after it was written`);
  if (stored.length !== expected.bytes || sha256Hex(stored) !== expected.sha256) {
    throw new LakeExportFailed(`${key} reads back as ${stored.length} bytes with another checksum than the ${expected.bytes} written`);
  }
  const summary = await readParquetSummary(stored);
  if (summary.rows !== expected.rows || summary.minTs !== expected.minTs || summary.maxTs !== expected.maxTs) {
    throw new LakeExportFailed(`${key} holds ${summary.rows} events from ${summary.minTs} to ${summary.maxTs}, not the ${expected.rows} from ${expected.minTs} to ${expected.maxTs} read from the log`);
  }
}

/**
 * One page of a site-day's events in (ts, id) order, after `after`. The day
 * test is the projections' own, `(ts AT TIME ZONE zone)::date`; the bounds
 * around it (the UTC day widened by a day each way, more than any zone's
 * offset) let the (site_id, ts) index find the rows.
 */
async function readDayEvents(db: Database, siteId: string, day: string, timeZone: string, after: LakeEvent | null): Promise<LakeEvent[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT ${LAKE_EVENT_COLUMNS}
        FROM events
        WHERE site_id = ${siteId}
          AND ts >= (${day}::date - 1)::timestamp AT TIME ZONE 'UTC'
          AND ts < (${day}::date + 2)::timestamp AT TIME ZONE 'UTC'
          AND (ts AT TIME ZONE ${timeZone})::date = ${day}::date
          ${after ? sql`AND (ts, id) > (${timestampFromMicros(after.ts)}, ${after.id}::uuid)` : sql``}
        ORDER BY ts, id
        LIMIT ${PAGE_ROWS}`,
  );
  return rows.map(lakeEventOfRow);
}
