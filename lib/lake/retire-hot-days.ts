import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { lakeFiles } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { sqlPath, withDuckDB } from "./parquet-duckdb";
import { sha256Hex } from "./parquet-writer";

/**
 * Hot rows leave Postgres only once the lake is known to hold them: for one
 * local day of a site older than its hot window (`sites.hot_retention_days`),
 * every lake file that may hold events of that day is read back from the
 * blob store, its bytes checked against the manifest's SHA-256, and the
 * day's events in it summed up: count, and sums of `seq`, `seq²` and the
 * event times. Those must equal the same sums over the day's rows in the log
 * (an event missing, doubled, or with another time changes them); only then
 * are the rows deleted, in a transaction that checks it deleted exactly as
 * many. A day the lake does not fully hold yet (its micro-batches have not
 * passed every event, say) is left for a later run, and the days after it
 * with it. Up to a month of days is verified per read of the files, so a
 * monthly file is read once for its month, not once for each of its days.
 *
 * The read models keep their rows: dashboards inside the hot window still
 * come from them; ranges beyond it are answered from the lake in the
 * browser. A projection rebuilt from the log after this can only replay the
 * days the log still holds.
 */

export interface RetiredDay {
  siteId: string;
  day: string;
  rows: number;
}

export interface RetireRun {
  retired: RetiredDay[];
  /** Days that could not be verified; their rows stay. */
  kept: { siteId: string; day: string; reason: string }[];
  outOfTime: boolean;
}

export interface RetireOptions {
  now: Date;
  /** No day is started after this many ms. */
  budgetMs: number;
  signal?: AbortSignal;
}

/** What a set of events sums to; equal sums over the log and the lake mean the same events. */
interface EventSums {
  rows: number;
  seqSum: string;
  seqSquareSum: string;
  tsSum: string;
}

/** A run of a site's due local days, read and verified together. */
interface DueDays {
  siteId: string;
  /** The first due day and the day after the last one this run may take. */
  firstDay: string;
  endDay: string;
  /** Those days' bounds in UTC: [start, end). */
  start: Date;
  end: Date;
}

/** Days verified per file read: a monthly file is read once for its month, not once per day. */
const DAYS_PER_READ = 31;

/** Retire due days, oldest first per site, until the budget is spent. */
export async function retireHotDays(db: Database, store: BlobStore, options: RetireOptions): Promise<RetireRun> {
  const started = Date.now();
  const run: RetireRun = { retired: [], kept: [], outOfTime: false };
  const skipped = new Set<string>();
  for (;;) {
    if (options.signal?.aborted || Date.now() - started > options.budgetMs) {
      run.outOfTime = true;
      return run;
    }
    const due = (await findDueDays(db, options.now)).find((days) => !skipped.has(days.siteId));
    if (!due) return run;
    const outcome = await retireDays(db, store, due);
    run.retired.push(...outcome.retired);
    if (outcome.kept) {
      // The site's later days wait for the one kept: rows leave in day order.
      skipped.add(due.siteId);
      run.kept.push(outcome.kept);
    }
  }
}

/**
 * Per site with rows before its hot window (today and the
 * `hot_retention_days` days before it), its oldest local day in the log and
 * the days after it, up to DAYS_PER_READ and never into the window.
 */
export async function findDueDays(db: Database, now: Date): Promise<DueDays[]> {
  const rows = await queryRows<{ site_id: string; first_day: string; end_day: string; start: Date | string; end: Date | string }>(
    db,
    sql`SELECT site_id, first_day::text AS first_day, end_day::text AS end_day,
               (first_day::timestamp AT TIME ZONE time_zone) AS start, (end_day::timestamp AT TIME ZONE time_zone) AS end
        FROM (
          SELECT s.id AS site_id, s.time_zone, d.first_day,
                 least(d.first_day + ${DAYS_PER_READ}::int, (${now.toISOString()}::timestamptz AT TIME ZONE s.time_zone)::date - s.hot_retention_days) AS end_day
          FROM sites s
          CROSS JOIN LATERAL (SELECT min(ts) AS ts FROM events e WHERE e.site_id = s.id) oldest
          CROSS JOIN LATERAL (SELECT (oldest.ts AT TIME ZONE s.time_zone)::date AS first_day) d
          WHERE oldest.ts IS NOT NULL
        ) due
        WHERE first_day < end_day
        ORDER BY first_day, site_id`,
  );
  return rows.map((row) => ({ siteId: row.site_id, firstDay: row.first_day, endDay: row.end_day, start: new Date(row.start), end: new Date(row.end) }));
}

/** The local days of `due` verified against the lake and gone from the log, and the first one kept, if any. */
interface DaysOutcome {
  retired: RetiredDay[];
  kept?: { siteId: string; day: string; reason: string };
}

/**
 * Verify the days of `due` against the lake and delete, oldest first, the
 * rows of each day the lake holds, up to the first day it does not.
 */
export async function retireDays(db: Database, store: BlobStore, due: DueDays): Promise<DaysOutcome> {
  const days = await logSumsByDay(db, due);
  if (days.length === 0) return { retired: [] };
  const keep = (day: DaySums, reason: string): DaysOutcome => ({ retired: [], kept: { siteId: due.siteId, day: day.day, reason } });
  const files = await db
    .select({ key: lakeFiles.key, sha256: lakeFiles.sha256 })
    .from(lakeFiles)
    .where(and(eq(lakeFiles.siteId, due.siteId), lt(lakeFiles.minTs, due.end), gt(lakeFiles.maxTs, new Date(due.start.getTime() - 1))));
  if (files.length === 0) return keep(days[0]!, "no lake file holds the day yet");
  const inLake = await lakeSumsByDay(store, files, days);
  if ("reason" in inLake) return keep(days[0]!, inLake.reason);

  const verified: DaySums[] = [];
  let kept: DaysOutcome["kept"];
  for (const day of days) {
    const lake = inLake.get(day.day) ?? { rows: 0, seqSum: "0", seqSquareSum: "0", tsSum: "0" };
    if (!sameSums(day, lake)) {
      kept = { siteId: due.siteId, day: day.day, reason: `the lake holds ${lake.rows} of the day's events, the log ${day.rows}, or other ones` };
      break;
    }
    verified.push(day);
  }
  if (verified.length === 0) return { retired: [], kept };
  const last = verified.at(-1)!;
  const rows = verified.reduce((sum, day) => sum + day.rows, 0);
  await db.transaction(async (tx) => {
    const [deleted] = await queryRows<{ rows: number }>(
      tx,
      sql`WITH gone AS (DELETE FROM events WHERE site_id = ${due.siteId} AND ts >= ${due.start.toISOString()}::timestamptz AND ts < ${last.end.toISOString()}::timestamptz RETURNING 1)
          SELECT count(*)::int AS rows FROM gone`,
    );
    // An event that reached the log since the sums (it cannot: days this old are refused at ingestion) keeps them all.
    if (deleted!.rows !== rows) throw new Error(`retiring ${due.siteId} ${due.firstDay}..${last.day}: deleted ${deleted!.rows} rows, verified ${rows}`);
  });
  return { retired: verified.map((day) => ({ siteId: due.siteId, day: day.day, rows: day.rows })), kept };
}

/** One local day's events: its bounds in UTC and what they sum to. */
interface DaySums extends EventSums {
  day: string;
  start: Date;
  end: Date;
}

/** The sums of each local day of `due` that has events in the log, oldest first. */
async function logSumsByDay(db: Database, due: DueDays): Promise<DaySums[]> {
  const rows = await queryRows<{ day: string; start: Date | string; end: Date | string; rows: number; seq_sum: string; seq_square_sum: string; ts_sum: string }>(
    db,
    sql`SELECT day::text AS day, (day::timestamp AT TIME ZONE s.time_zone) AS start, ((day + 1)::timestamp AT TIME ZONE s.time_zone) AS end,
               rows, seq_sum, seq_square_sum, ts_sum
        FROM (
          SELECT (e.ts AT TIME ZONE s.time_zone)::date AS day, count(*)::int AS rows, sum(e.seq)::text AS seq_sum,
                 sum(e.seq::numeric * e.seq)::text AS seq_square_sum, sum((extract(epoch FROM e.ts) * 1000000)::bigint)::text AS ts_sum
          FROM events e JOIN sites s ON s.id = e.site_id
          WHERE e.site_id = ${due.siteId} AND e.ts >= ${due.start.toISOString()}::timestamptz AND e.ts < ${due.end.toISOString()}::timestamptz
          GROUP BY 1
        ) days
        JOIN sites s ON s.id = ${due.siteId}
        ORDER BY day`,
  );
  return rows.map((row) => ({
    day: row.day,
    start: new Date(row.start),
    end: new Date(row.end),
    rows: row.rows,
    seqSum: row.seq_sum,
    seqSquareSum: row.seq_square_sum,
    tsSum: row.ts_sum,
  }));
}

/** The same sums per day over the events in `files`, read back from the store and checked against their checksums. */
async function lakeSumsByDay(store: BlobStore, files: { key: string; sha256: string }[], days: readonly DaySums[]): Promise<Map<string, EventSums> | { reason: string }> {
  return withDuckDB(async (connection, scratch) => {
    const paths: string[] = [];
    for (const [index, file] of files.entries()) {
      const bytes = await store.get(file.key);
      if (!bytes) return { reason: `lake file ${file.key} is missing from the store` };
      if (sha256Hex(bytes) !== file.sha256) return { reason: `lake file ${file.key} does not match its checksum` };
      const local = path.join(scratch, `${index}.parquet`);
      await fs.writeFile(local, bytes);
      paths.push(local);
    }
    // The days' bounds as microseconds: each event falls in at most one.
    const bounds = days.map((day) => `('${day.day}', ${BigInt(day.start.getTime()) * 1000n}, ${BigInt(day.end.getTime()) * 1000n})`).join(", ");
    const reader = await connection.runAndReadAll(
      `SELECT d.day, count(*)::INTEGER AS rows, sum(e.seq)::VARCHAR AS seq_sum,
              sum(e.seq::HUGEINT * e.seq)::VARCHAR AS seq_square_sum, sum(epoch_us(e.ts))::VARCHAR AS ts_sum
       FROM read_parquet([${paths.map(sqlPath).join(", ")}], union_by_name = true) e
       JOIN (VALUES ${bounds}) AS d(day, start_us, end_us) ON epoch_us(e.ts) >= d.start_us AND epoch_us(e.ts) < d.end_us
       GROUP BY d.day`,
    );
    return new Map(
      reader.getRowObjects().map((row) => [String(row.day), { rows: Number(row.rows), seqSum: String(row.seq_sum), seqSquareSum: String(row.seq_square_sum), tsSum: String(row.ts_sum) }]),
    );
  });
}

function sameSums(a: EventSums, b: EventSums): boolean {
  return a.rows === b.rows && a.seqSum === b.seqSum && a.seqSquareSum === b.seqSquareSum && a.tsSum === b.tsSum;
}
