import "server-only";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { lakeFiles, type LakeFileRow } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { withLakeClaim } from "./lake-claim";
import { discardReplacedBlobs, releasePendingBlobs } from "./lake-garbage";
import { insertLakeFiles } from "./manifest";
import { readParquetRows } from "./parquet-reader";
import { LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { LakeExportFailed, readListedFile, writeLakeFile } from "./write-lake-file";

/**
 * How long after a day ends (in the site's time zone) its files are merged
 * into one daily file. The day's last events are still on their way for a
 * little while (tracker batches and retries, beacons on page hide); an
 * event later still lands in a micro file and the day is merged again.
 */
export const CLOSE_GRACE_MINUTES = 10;

/**
 * Days of a month are merged into one monthly file once the month ended
 * this many days ago. The collector refuses events more than 7 days old
 * (edge/collector/collector-app.ts), so after that a month's days only
 * change through imports; two days more absorb zone offsets and clock skew.
 */
export const MONTHLY_AFTER_DAYS = 9;

/**
 * An open day (today) is merged once it has this many micro files, so a
 * browser reading today fetches a handful of files, not one per minute. Each
 * merge rewrites the day so far: write amplification of about 1/12 of the
 * day's events per minute of traffic, a few MB an hour for a busy site.
 */
export const OPEN_DAY_MICRO_FILES = 12;

/** Files of one site to merge into one: a local day's (daily) or a month's (monthly, `day` its first). */
export interface CompactionGroup {
  siteId: string;
  kind: "daily" | "monthly";
  day: string;
}

export type CompactionResult =
  | { compacted: false; reason: "nothing to merge" }
  | { compacted: true; key: string; files: number; rows: number; replacedKeys: string[] };

export interface CompactionRun {
  compacted: (CompactionGroup & { key: string; files: number; rows: number })[];
  /** Groups whose merge threw (logged too); their files stay listed and the next run tries again. */
  failed: (CompactionGroup & { reason: string; expected: boolean })[];
  /** Groups still to merge when the budget ran out (or the signal aborted). */
  remaining: number;
  outOfTime: boolean;
}

export interface CompactLakeOptions {
  now: Date;
  /** No group is started after this many ms; the one in flight finishes. */
  budgetMs: number;
  signal?: AbortSignal;
  openDayMicroFiles?: number;
}

/**
 * Merge every group of small files that is due (findCompactionGroups),
 * oldest first, one at a time, until the budget is spent. A group that fails
 * is logged and reported and does not stop the others; one another runner
 * is merging is skipped.
 */
export async function compactLake(db: Database, store: BlobStore, options: CompactLakeOptions): Promise<CompactionRun> {
  const started = performance.now();
  const groups = await findCompactionGroups(db, options.now, options.openDayMicroFiles);
  const run: CompactionRun = { compacted: [], failed: [], remaining: 0, outOfTime: false };
  for (const [index, group] of groups.entries()) {
    if (options.signal?.aborted || performance.now() - started >= options.budgetMs) {
      run.outOfTime = !options.signal?.aborted;
      run.remaining = groups.length - index;
      break;
    }
    try {
      // One claim per site-month: a day's merge and its month's never run at once.
      const result = await withLakeClaim(db, `lake_compact:${group.siteId}:${group.day.slice(0, 7)}`, () => compactGroup(db, store, group));
      if (result !== "busy" && result.compacted) run.compacted.push({ ...group, key: result.key, files: result.files, rows: result.rows });
    } catch (error) {
      console.error(`[lake] merging the ${group.kind} files of ${group.day} of site ${group.siteId} failed; they stay as they are`, error);
      run.failed.push({ ...group, expected: error instanceof LakeExportFailed, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return run;
}

/**
 * The groups due for a merge, oldest first. Only files of the current
 * layout (LAKE_SCHEMA_VERSION) are merged; older ones stay as written and
 * are read beside them.
 * - a month that ended MONTHLY_AFTER_DAYS ago: unless it is one monthly file;
 * - a closed day (CLOSE_GRACE_MINUTES after it ended): unless it is one daily file;
 * - an open day: once it has `openDayMicroFiles` micro files.
 */
export async function findCompactionGroups(db: Database, now: Date, openDayMicroFiles = OPEN_DAY_MICRO_FILES): Promise<CompactionGroup[]> {
  const rows = await queryRows<{ site_id: string; kind: "daily" | "monthly"; day: string }>(
    db,
    sql`WITH files AS (
          SELECT f.site_id, f.kind, f.day,
                 date_trunc('month', f.day)::date AS month,
                 ((${now.toISOString()}::timestamptz - ${CLOSE_GRACE_MINUTES}::int * interval '1 minute') AT TIME ZONE s.time_zone)::date AS today
          FROM lake_files f JOIN sites s ON s.id = f.site_id
          WHERE f.schema_version = ${LAKE_SCHEMA_VERSION}),
        grouped AS (
          SELECT site_id, kind, day, today,
                 (month + interval '1 month' + ${MONTHLY_AFTER_DAYS}::int * interval '1 day')::date <= today AS settled,
                 month
          FROM files)
        SELECT site_id::text AS site_id,
               CASE WHEN settled THEN 'monthly' ELSE 'daily' END AS kind,
               (CASE WHEN settled THEN month ELSE day END)::text AS day
        FROM grouped
        GROUP BY site_id, settled, CASE WHEN settled THEN month ELSE day END
        HAVING (settled AND NOT (count(*) = 1 AND bool_and(kind = 'monthly')))
            OR (NOT settled AND bool_and(day < today) AND NOT (count(*) = 1 AND bool_and(kind = 'daily')))
            OR (NOT settled AND count(*) FILTER (WHERE kind = 'micro') >= ${openDayMicroFiles})
        ORDER BY 3, 1`,
  );
  return rows.map((row) => ({ siteId: row.site_id, kind: row.kind, day: row.day }));
}

/**
 * Merge the group's listed files into one file, read from the files
 * themselves (the log may have lost its hot rows by then), written and
 * verified before anything changes; then one transaction unlists the merged
 * files and lists the new one, so a reader sees the old set or the new one,
 * the same events either way. The merged files' blobs (and their day
 * rollups') are deleted later,
 * after every signed URL handed out for them has expired. Files listed
 * after the group was read (a micro-batch for the same day) are left for
 * the next merge. If another merge took any of the files first, the
 * transaction refuses and nothing changes.
 */
export async function compactGroup(db: Database, store: BlobStore, group: CompactionGroup): Promise<CompactionResult> {
  const { siteId, kind, day } = group;
  const files = await db
    .select()
    .from(lakeFiles)
    .where(
      and(
        eq(lakeFiles.siteId, siteId),
        eq(lakeFiles.schemaVersion, LAKE_SCHEMA_VERSION),
        kind === "monthly" ? and(gte(lakeFiles.day, day), lt(lakeFiles.day, nextMonth(day))) : eq(lakeFiles.day, day),
      ),
    )
    .orderBy(asc(lakeFiles.day), asc(lakeFiles.key));
  if (files.length === 0 || (files.length === 1 && files[0]!.kind === kind)) return { compacted: false, reason: "nothing to merge" };

  const expectedRows = files.reduce((sum, file) => sum + file.rows, 0);
  const entry = await writeLakeFile(db, store, { siteId, kind, day }, readFiles(store, files), expectedRows);
  const replacedKeys = files.map((file) => file.key).filter((key) => key !== entry.key);
  await db.transaction(async (tx) => {
    const ids = files.map((file) => file.id);
    const still = await tx.select({ id: lakeFiles.id, rollupKey: lakeFiles.rollupKey }).from(lakeFiles).where(inArray(lakeFiles.id, ids)).for("update");
    if (still.length !== ids.length) throw new LakeExportFailed(`the files of ${day} of site ${siteId} changed during the merge; it is dropped`);
    await tx.delete(lakeFiles).where(inArray(lakeFiles.id, ids));
    await insertLakeFiles(tx, [entry]);
    await releasePendingBlobs(tx, [entry.key]);
    // Read under the lock: a rollup may have been written since the group was read.
    const rollupKeys = still.flatMap(({ rollupKey }) => (rollupKey === null ? [] : [rollupKey]));
    await discardReplacedBlobs(tx, siteId, [...replacedKeys, ...rollupKeys]);
  });
  return { compacted: true, key: entry.key, files: files.length, rows: entry.rows, replacedKeys };
}

/** Each file's events, one file at a time, checked against its manifest checksum. */
async function* readFiles(store: BlobStore, files: readonly LakeFileRow[]): AsyncGenerator<LakeEvent[]> {
  for (const file of files) yield await readParquetRows(await readListedFile(store, file));
}

/** The first day of the month after `day`'s (YYYY-MM-DD). */
export function nextMonth(day: string): string {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
}
