import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { exportPartition, LakeExportFailed, type Partition } from "./export-partition";

/**
 * How long after a day ends (in the site's time zone) it counts as closed.
 * The day's last events are still on their way for a little while: the
 * tracker batches, retries with backoff after a failed send and beacons on
 * page hide, and the collector commits in groups. Ten minutes covers those
 * and a short outage of the collector, so a day is usually written once;
 * an event later still is not lost, it only makes the day due again.
 */
export const CLOSE_GRACE_MINUTES = 10;

/**
 * How many of the latest closed days of each site are recounted for late
 * events. The collector refuses events more than 7 days old (dedup window,
 * edge/collector/collector-app.ts), so a day that ended longer ago than that
 * cannot change through it; one day more absorbs zone offsets and clock
 * skew. Days before this window are still found when they have no file.
 */
export const RECOUNT_DAYS = 9;

export interface DuePartition extends Partition {
  timeZone: string;
  /** Events of the day in the log now. */
  logRows: number;
  /** Events in its listed daily file; null when it has none. */
  listedRows: number | null;
}

export interface LakeExportRun {
  exported: { siteId: string; day: string; key: string; rows: number; replacedKey: string | null }[];
  /** Events written, over all exported partitions. */
  rows: number;
  /** Partitions whose export threw (logged too); they stay due and are tried again next run. */
  failed: { siteId: string; day: string; reason: string; expected: boolean }[];
  /** Partitions passed over: another runner was exporting them, or their events were gone. */
  skipped: { siteId: string; day: string; reason: "busy" | "exported elsewhere" | "no events" }[];
  /** Partitions still due when the budget ran out (or the signal aborted). */
  remaining: number;
  outOfTime: boolean;
}

export interface ExportDueDaysOptions {
  /** The clock the closed-day test uses. */
  now: Date;
  /** No partition is started after this many ms; the one in flight finishes. */
  budgetMs: number;
  /** Aborting stops the run between partitions, like the budget. */
  signal?: AbortSignal;
}

/**
 * Export every due partition, oldest day first, one at a time, until the
 * budget is spent: the closed site-days that have events but no daily file,
 * and the recent ones whose log count differs from their file's (a late
 * event). A partition that fails is logged and reported and does not stop
 * the others. Any number of runners may call this at once: each partition is
 * claimed first, and one claimed elsewhere is skipped.
 */
export async function exportDueDays(db: Database, store: BlobStore, options: ExportDueDaysOptions): Promise<LakeExportRun> {
  const started = performance.now();
  const due = await findDueDays(db, options.now);
  const run: LakeExportRun = { exported: [], rows: 0, failed: [], skipped: [], remaining: 0, outOfTime: false };
  for (const [index, partition] of due.entries()) {
    if (options.signal?.aborted || performance.now() - started >= options.budgetMs) {
      run.outOfTime = !options.signal?.aborted;
      run.remaining = due.length - index;
      break;
    }
    const { siteId, day } = partition;
    try {
      const result = await withPartitionClaim(db, partition, async () =>
        // Found due before the run began: another runner may have exported it since.
        (await stillDue(db, partition)) ? exportPartition(db, store, { siteId, day }) : ("exported elsewhere" as const),
      );
      if (typeof result === "string") run.skipped.push({ siteId, day, reason: result });
      else if (!result.exported) run.skipped.push({ siteId, day, reason: result.reason });
      else {
        run.exported.push({ siteId, day, key: result.key, rows: result.rows, replacedKey: result.replacedKey });
        run.rows += result.rows;
        if (result.leftoverKey) console.warn(`[lake] ${result.leftoverKey} was replaced but could not be deleted; it is listed nowhere`);
      }
    } catch (error) {
      console.error(`[lake] export of ${day} of site ${siteId} failed; it stays due`, error);
      const expected = error instanceof LakeExportFailed;
      run.failed.push({ siteId, day, expected, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return run;
}

/** The due partitions of every site (see exportDueDays), oldest day first. */
export async function findDueDays(db: Database, now: Date): Promise<DuePartition[]> {
  const all = await db.select({ id: sites.id, timeZone: sites.timeZone }).from(sites);
  const due: DuePartition[] = [];
  for (const site of all) due.push(...(await dueDaysOfSite(db, site.id, site.timeZone, now)));
  return due.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.siteId < b.siteId ? -1 : 1));
}

/**
 * One site's due days, read through the (site_id, ts) index without
 * scanning its log:
 * - the days that have events are found by a skip walk, one index probe per
 *   day (the first event at or after the next local midnight), so the cost
 *   grows with the number of days in the log, not of events;
 * - only the last RECOUNT_DAYS closed days are counted, by one index range,
 *   and compared with their files' rows.
 * Day bounds are local midnights; the exact day test is the exporter's,
 * `(ts AT TIME ZONE zone)::date`, so a zone whose midnight is skipped or
 * repeated cannot make a day look changed.
 */
async function dueDaysOfSite(db: Database, siteId: string, timeZone: string, now: Date): Promise<DuePartition[]> {
  const localDay = (ts: SQL) => sql`((${ts}) AT TIME ZONE ${timeZone}::text)::date`;
  const dayStart = (day: SQL) => sql`((${day})::timestamp AT TIME ZONE ${timeZone}::text)`;
  const rows = await queryRows<{ day: string; log_rows: number; listed_rows: number | null }>(
    db,
    sql`WITH RECURSIVE
        bounds AS (
          SELECT ${localDay(sql`${now.toISOString()}::timestamptz - ${CLOSE_GRACE_MINUTES}::int * interval '1 minute'`)} - 1 AS last_closed),
        walk(day) AS (
          SELECT ${localDay(sql`min(ts)`)} FROM events WHERE site_id = ${siteId}
          UNION ALL
          SELECT (SELECT ${localDay(sql`e.ts`)} FROM events e
                  WHERE e.site_id = ${siteId}
                    AND e.ts >= ${dayStart(sql`w.day + 1`)}
                    AND ${localDay(sql`e.ts`)} > w.day
                  ORDER BY e.ts
                  LIMIT 1)
          FROM walk w, bounds b
          WHERE w.day < b.last_closed),
        recent AS (
          SELECT ${localDay(sql`ts`)} AS day, count(*)::int AS log_rows
          FROM events, bounds b
          WHERE site_id = ${siteId}
            AND ts >= ${dayStart(sql`b.last_closed - ${RECOUNT_DAYS}::int`)}
            AND ts < ${dayStart(sql`b.last_closed + 2`)}
            AND ${localDay(sql`ts`)} BETWEEN b.last_closed - ${RECOUNT_DAYS - 1}::int AND b.last_closed
          GROUP BY 1)
        SELECT w.day::text AS day, coalesce(r.log_rows, 0) AS log_rows, f.rows::int AS listed_rows
        FROM walk w
        CROSS JOIN bounds b
        LEFT JOIN recent r ON r.day = w.day
        LEFT JOIN lake_files f ON f.site_id = ${siteId} AND f.kind = 'daily' AND f.day = w.day
        WHERE w.day IS NOT NULL
          AND w.day <= b.last_closed
          AND (f.id IS NULL OR (r.log_rows IS NOT NULL AND r.log_rows <> f.rows))
        ORDER BY w.day`,
  );
  return rows.map((row) => ({ siteId, timeZone, day: row.day, logRows: Number(row.log_rows), listedRows: row.listed_rows === null ? null : Number(row.listed_rows) }));
}

/** Whether the partition's log count still differs from its file's (or it has events and no file). */
async function stillDue(db: Database, { siteId, day, timeZone }: DuePartition): Promise<boolean> {
  const [row] = await queryRows<{ log_rows: number; listed_rows: number | null }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM events
                WHERE site_id = ${siteId}
                  AND ts >= (${day}::date - 1)::timestamp AT TIME ZONE 'UTC'
                  AND ts < (${day}::date + 2)::timestamp AT TIME ZONE 'UTC'
                  AND (ts AT TIME ZONE ${timeZone})::date = ${day}::date) AS log_rows,
               (SELECT rows::int FROM lake_files WHERE site_id = ${siteId} AND kind = 'daily' AND day = ${day}::date) AS listed_rows`,
  );
  if (!row) return false;
  const logRows = Number(row.log_rows);
  return row.listed_rows === null ? logRows > 0 : logRows !== Number(row.listed_rows);
}

/** Partitions this process is exporting on an embedded database (see withPartitionClaim). */
const claimedHere = new Set<string>();

/**
 * Run `work` unless another runner is exporting the same partition
 * ("busy" then). exportPartition's own lock only covers its manifest
 * transaction; without this, two runners would each read the day and write
 * the same file. On a server the claim is a transaction-scoped advisory lock
 * held on a pooled connection of its own while `work` runs on others; that
 * transaction writes nothing, so it holds back no projection. An embedded
 * database belongs to one process (lib/db/pglite-lock.ts), and its one
 * connection cannot wait on itself, so there the claim is in memory.
 */
async function withPartitionClaim<T>(db: Database, { siteId, day }: Partition, work: () => Promise<T>): Promise<T | "busy"> {
  const name = `lake_export:${siteId}:${day}`;
  if ((db as { $client?: unknown }).$client instanceof PGlite) {
    if (claimedHere.has(name)) return "busy";
    claimedHere.add(name);
    try {
      return await work();
    } finally {
      claimedHere.delete(name);
    }
  }
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ claimed: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) AS claimed`);
    if (!lock?.claimed) return "busy" as const;
    return work();
  });
}
