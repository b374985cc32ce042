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
 * passed every event, say) is left for a later run.
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

interface DueDay {
  siteId: string;
  day: string;
  /** The day's bounds in UTC: [start, end). */
  start: Date;
  end: Date;
}

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
    const due = (await findDueDays(db, options.now)).find((day) => !skipped.has(day.siteId));
    if (!due) return run;
    const outcome = await retireDay(db, store, due);
    if (outcome.retired) run.retired.push({ siteId: due.siteId, day: due.day, rows: outcome.rows });
    else {
      // The site's later days wait for its oldest: rows leave in day order.
      skipped.add(due.siteId);
      run.kept.push({ siteId: due.siteId, day: due.day, reason: outcome.reason });
    }
  }
}

/**
 * Each site's oldest local day in the log that lies wholly before its hot
 * window: the window holds today and the `hot_retention_days` days before it.
 */
export async function findDueDays(db: Database, now: Date): Promise<DueDay[]> {
  const rows = await queryRows<{ site_id: string; day: string; start: Date | string; end: Date | string }>(
    db,
    sql`SELECT s.id AS site_id, d.day::text AS day,
               (d.day::timestamp AT TIME ZONE s.time_zone) AS start,
               ((d.day + 1)::timestamp AT TIME ZONE s.time_zone) AS end
        FROM sites s
        CROSS JOIN LATERAL (SELECT min(ts) AS ts FROM events e WHERE e.site_id = s.id) oldest
        CROSS JOIN LATERAL (SELECT (oldest.ts AT TIME ZONE s.time_zone)::date AS day) d
        WHERE oldest.ts IS NOT NULL
          AND d.day < (${now.toISOString()}::timestamptz AT TIME ZONE s.time_zone)::date - s.hot_retention_days
        ORDER BY d.day, s.id`,
  );
  return rows.map((row) => ({ siteId: row.site_id, day: row.day, start: new Date(row.start), end: new Date(row.end) }));
}

type DayOutcome = { retired: true; rows: number } | { retired: false; reason: string };

/** Verify one day against the lake and delete its rows from the log when the lake holds them all. */
export async function retireDay(db: Database, store: BlobStore, due: DueDay): Promise<DayOutcome> {
  const inLog = await logSums(db, due);
  if (inLog.rows === 0) return { retired: true, rows: 0 };
  const files = await db
    .select({ key: lakeFiles.key, sha256: lakeFiles.sha256 })
    .from(lakeFiles)
    .where(and(eq(lakeFiles.siteId, due.siteId), lt(lakeFiles.minTs, due.end), gt(lakeFiles.maxTs, new Date(due.start.getTime() - 1))));
  if (files.length === 0) return { retired: false, reason: "no lake file holds the day yet" };

  const inLake = await lakeSums(store, files, due);
  if ("reason" in inLake) return { retired: false, reason: inLake.reason };
  if (!sameSums(inLog, inLake)) {
    return { retired: false, reason: `the lake holds ${inLake.rows} of the day's events, the log ${inLog.rows}, or other ones` };
  }
  return db.transaction(async (tx) => {
    const [deleted] = await queryRows<{ rows: number }>(
      tx,
      sql`WITH gone AS (DELETE FROM events WHERE site_id = ${due.siteId} AND ts >= ${due.start.toISOString()}::timestamptz AND ts < ${due.end.toISOString()}::timestamptz RETURNING 1)
          SELECT count(*)::int AS rows FROM gone`,
    );
    // An event that reached the log since the sums (it cannot, days this old are refused at ingestion) keeps the day.
    if (deleted!.rows !== inLog.rows) throw new Error(`retiring ${due.siteId} ${due.day}: deleted ${deleted!.rows} rows, verified ${inLog.rows}`);
    return { retired: true as const, rows: inLog.rows };
  });
}

async function logSums(db: Database, due: DueDay): Promise<EventSums> {
  const [sums] = await queryRows<{ rows: number; seq_sum: string | null; seq_square_sum: string | null; ts_sum: string | null }>(
    db,
    sql`SELECT count(*)::int AS rows, sum(seq)::text AS seq_sum, sum(seq::numeric * seq)::text AS seq_square_sum,
               sum((extract(epoch FROM ts) * 1000000)::bigint)::text AS ts_sum
        FROM events
        WHERE site_id = ${due.siteId} AND ts >= ${due.start.toISOString()}::timestamptz AND ts < ${due.end.toISOString()}::timestamptz`,
  );
  return { rows: sums!.rows, seqSum: sums!.seq_sum ?? "0", seqSquareSum: sums!.seq_square_sum ?? "0", tsSum: sums!.ts_sum ?? "0" };
}

/** The same sums over the day's events in `files`, read back from the store and checked against their checksums. */
async function lakeSums(store: BlobStore, files: { key: string; sha256: string }[], due: DueDay): Promise<EventSums | { reason: string }> {
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
    const startUs = BigInt(due.start.getTime()) * 1000n;
    const endUs = BigInt(due.end.getTime()) * 1000n;
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS rows, coalesce(sum(seq), 0)::VARCHAR AS seq_sum,
              coalesce(sum(seq::HUGEINT * seq), 0)::VARCHAR AS seq_square_sum, coalesce(sum(epoch_us(ts)), 0)::VARCHAR AS ts_sum
       FROM read_parquet([${paths.map(sqlPath).join(", ")}], union_by_name = true)
       WHERE epoch_us(ts) >= ${startUs} AND epoch_us(ts) < ${endUs}`,
    );
    const [row] = reader.getRowObjects();
    return { rows: Number(row!.rows), seqSum: String(row!.seq_sum), seqSquareSum: String(row!.seq_square_sum), tsSum: String(row!.ts_sum) };
  });
}

function sameSums(a: EventSums, b: EventSums): boolean {
  return a.rows === b.rows && a.seqSum === b.seqSum && a.seqSquareSum === b.seqSquareSum && a.tsSum === b.tsSum;
}
