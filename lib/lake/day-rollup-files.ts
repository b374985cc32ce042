import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { BIGINT, VARCHAR, type DuckDBValue } from "@duckdb/node-api";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { addDays } from "@/lib/query/dashboard-url";
import type { Transaction } from "@/lib/projections/projection";
import type { BlobStore } from "./blob-store";
import { CLOSE_GRACE_MINUTES, nextMonth } from "./compact-lake";
import { withLakeClaim } from "./lake-claim";
import { discardReplacedBlobs, releasePendingBlobs } from "./lake-garbage";
import { appendInChunks, sqlPath, withDuckDB } from "./parquet-duckdb";
import { sha256Hex } from "./parquet-writer";
import { dashboardTablesSql, type RunSql } from "./sql/dashboard-sql";
import { computeDayRollups, DAY_ROLLUP_COLUMNS, DAY_ROLLUP_VERSION, type DayRollupRow } from "./sql/day-rollups";
import { analyticsViewsSql } from "./sql/views";
import { LakeExportFailed, readListedFile, uploadVerified } from "./write-lake-file";

/** A file whose events do not all fall on its local days (a site whose time zone changed since): it gets no rollup. */
export class DayRollupRefused extends LakeExportFailed {
  constructor(message: string) {
    super(message);
    this.name = "DayRollupRefused";
  }
}

/**
 * The day rollups of one events file (lib/lake/sql/day-rollups.ts), computed
 * in node's DuckDB over the file's bytes by the browser's own SQL, for its
 * local days `first`..`last`. Checked: every event of the file is counted
 * once in a day's totals, none outside those days.
 */
export async function computeFileDayRollups(
  bytes: Uint8Array,
  file: { timeZone: string; first: string; last: string; rows: number },
): Promise<DayRollupRow[]> {
  const rows = await withDuckDB(async (connection, scratch) => {
    const events = path.join(scratch, "events.parquet");
    await fs.writeFile(events, bytes);
    // The views turn a TIMESTAMPTZ into a TIMESTAMP expecting the UTC instant, as DuckDB-WASM (no ICU) does.
    await connection.run("SET TimeZone = 'UTC'");
    for (const statement of [...analyticsViewsSql({ parquetFiles: [events], timeZone: file.timeZone }), ...dashboardTablesSql()]) await connection.run(statement);
    const run: RunSql = async (query) => (await connection.runAndReadAll(query)).getRowObjectsJS();
    return computeDayRollups(run, file);
  });
  const counted = rows.filter((row) => row.dimension === "").reduce((sum, row) => sum + row.pageviews + row.events, 0);
  if (counted !== file.rows) {
    throw new DayRollupRefused(`the day rollups of ${file.first}..${file.last} count ${counted} events where the file holds ${file.rows} (events outside its local days?)`);
  }
  return rows;
}

/** The rows as a rollup Parquet file: ZSTD, sorted by day, dimension and value; the same rows give the same bytes. */
export async function writeDayRollupParquet(rows: readonly DayRollupRow[]): Promise<Uint8Array> {
  return withDuckDB(async (connection, scratch) => {
    await connection.run("SET threads = 1");
    // Staged as text and whole numbers, typed on the way out.
    const staged = DAY_ROLLUP_COLUMNS.map(([name, type]) => `${name} ${type === "BIGINT" ? "BIGINT" : "VARCHAR"}`).join(", ");
    await connection.run(`CREATE TABLE staged (${staged})`);
    const appender = await connection.createAppender("staged");
    const types = DAY_ROLLUP_COLUMNS.map(([, type]) => (type === "BIGINT" ? BIGINT : VARCHAR));
    const fields: ((row: DayRollupRow) => DuckDBValue)[] = [
      (row) => row.day,
      (row) => row.dimension,
      (row) => row.value,
      (row) => BigInt(row.visitors),
      (row) => BigInt(row.visits),
      (row) => BigInt(row.pageviews),
      (row) => BigInt(row.events),
      (row) => BigInt(row.sessionPageviews),
      (row) => BigInt(row.bounces),
      (row) => BigInt(row.duration),
    ];
    appendInChunks(appender, types, rows, (slice) => fields.map((field) => slice.map(field)));
    appender.closeSync();
    const select = DAY_ROLLUP_COLUMNS.map(([name, type]) => `CAST(${name} AS ${type}) AS ${name}`).join(", ");
    const file = path.join(scratch, "rollup.parquet");
    await connection.run(
      `COPY (SELECT ${select} FROM staged ORDER BY day, dimension, value) TO ${sqlPath(file)}
       (FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, KV_METADATA {inlet_day_rollup_version: '${DAY_ROLLUP_VERSION}'})`,
    );
    return new Uint8Array(await fs.readFile(file));
  });
}

/** A listed file due a rollup. */
type RollupSource = {
  site_id: string;
  key: string;
  kind: "daily" | "monthly";
  day: string;
  rows: string | number;
  sha256: string;
  time_zone: string;
};

export interface DayRollupRun {
  written: number;
  /** Files that cannot have one (DayRollupRefused): marked, so they are read raw and not tried again. */
  refused: number;
  /** Files whose rollup threw (logged); they are tried again next run. */
  failed: { key: string; reason: string }[];
  outOfTime: boolean;
}

/**
 * Give every closed daily and monthly file without one (or with one of an
 * older DAY_ROLLUP_VERSION) its day rollup, unless it was refused one at
 * this version (rollup_version set, rollup_key NULL), oldest first, until the budget
 * is spent: read the file back from the store, compute and write the rollup
 * blob (registered as pending first, as every lake writer does), then set it
 * on the file's manifest row, if that row is still there. A day still open
 * has no rollup: its daily file is merged again as events arrive. Runs under
 * the same claim as the merges of the file's month, so never beside one.
 */
export async function writeMissingDayRollups(db: Database, store: BlobStore, options: { now: Date; budgetMs: number; signal?: AbortSignal }): Promise<DayRollupRun> {
  const started = performance.now();
  const run: DayRollupRun = { written: 0, refused: 0, failed: [], outOfTime: false };
  const due = await queryRows<RollupSource>(
    db,
    sql`SELECT f.site_id::text AS site_id, f.key, f.kind, f.day::text AS day, f.rows, f.sha256, s.time_zone
        FROM lake_files f JOIN sites s ON s.id = f.site_id
        WHERE f.kind IN ('daily', 'monthly')
          AND f.rollup_version IS DISTINCT FROM ${DAY_ROLLUP_VERSION}
          AND f.day < ((${options.now.toISOString()}::timestamptz - ${CLOSE_GRACE_MINUTES}::int * interval '1 minute') AT TIME ZONE s.time_zone)::date
        ORDER BY f.day, f.key`,
  );
  for (const source of due) {
    if (options.signal?.aborted) break;
    if (performance.now() - started >= options.budgetMs) {
      run.outOfTime = true;
      break;
    }
    try {
      await withLakeClaim(db, `lake_compact:${source.site_id}:${source.day.slice(0, 7)}`, async () => {
        if (await writeDayRollup(db, store, source)) run.written++;
      });
    } catch (error) {
      if (error instanceof DayRollupRefused) {
        // Tried at this version: no rollup (the key stays NULL) until forgetDayRollups clears the mark.
        await db.execute(sql`UPDATE lake_files SET rollup_version = ${DAY_ROLLUP_VERSION} WHERE key = ${source.key} AND rollup_key IS NULL`);
        console.warn(`[lake] ${source.key} gets no day rollup and is read raw: ${error.message}`);
        run.refused++;
        continue;
      }
      console.error(`[lake] the day rollup of ${source.key} failed; the file is read raw until a later run writes it`, error);
      run.failed.push({ key: source.key, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return run;
}

/** Whether the rollup was set on the file (false: the file was replaced meanwhile; its rollup blob is left pending, to be deleted). */
async function writeDayRollup(db: Database, store: BlobStore, source: RollupSource): Promise<boolean> {
  const bytes = await readListedFile(store, source);
  const last = source.kind === "monthly" ? addDays(nextMonth(source.day), -1) : source.day;
  const rows = await computeFileDayRollups(bytes, { timeZone: source.time_zone, first: source.day, last, rows: Number(source.rows) });
  const rollup = await writeDayRollupParquet(rows);
  const sha256 = sha256Hex(rollup);
  const key = `site=${source.site_id}/date=${source.day}/rollup-${sha256.slice(0, 16)}.parquet`;
  await uploadVerified(db, store, { siteId: source.site_id, key, bytes: rollup, sha256 });
  return db.transaction(async (tx) => {
    const set = await queryRows<{ previous: string | null }>(
      tx,
      sql`UPDATE lake_files f SET rollup_key = ${key}, rollup_bytes = ${rollup.length}, rollup_version = ${DAY_ROLLUP_VERSION}
          FROM (SELECT key, rollup_key FROM lake_files WHERE key = ${source.key} FOR UPDATE) old
          WHERE f.key = old.key
          RETURNING old.rollup_key AS previous`,
    );
    if (set.length === 0) return false;
    await releasePendingBlobs(tx, [key]);
    const previous = set[0]!.previous;
    if (previous !== null && previous !== key) await discardReplacedBlobs(tx, source.site_id, [previous]);
    return true;
  });
}

/**
 * In the transaction that changes a site's time zone: its rollups' days are
 * the old zone's, so they are dropped (their blobs deleted once no URL for
 * them is valid) and written again under the new zone; files whose events
 * no longer fall on their days are then refused one and read raw.
 */
export async function forgetDayRollups(tx: Transaction, siteId: string): Promise<void> {
  const forgotten = await queryRows<{ key: string | null }>(
    tx,
    sql`UPDATE lake_files f SET rollup_key = NULL, rollup_bytes = NULL, rollup_version = NULL
        FROM (SELECT id, rollup_key FROM lake_files WHERE site_id = ${siteId} AND rollup_version IS NOT NULL FOR UPDATE) old
        WHERE f.id = old.id
        RETURNING old.rollup_key AS key`,
  );
  await discardReplacedBlobs(tx, siteId, [...new Set(forgotten.flatMap(({ key }) => (key === null ? [] : [key])))]);
}
