import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection, DuckDBMaterializedResult } from "@duckdb/node-api";
import type { Database } from "@/lib/db";
import type { ResultColumn } from "@/lib/lake/browser/arrow-to-json";
import { bigintToJson } from "@/lib/lake/browser/arrow-to-json";
import type { BlobStore } from "@/lib/lake/blob-store";
import { lakeListing } from "@/lib/lake/lake-files-for-range";
import { withDuckDB } from "@/lib/lake/parquet-duckdb";
import { readLakeTail } from "@/lib/lake/read-lake-tail";
import { analyticsViewsSql } from "@/lib/lake/sql/views";
import { localNow } from "@/lib/query/dashboard-url";
import { guardSql, QUERY_TIME_LIMIT_MS } from "./guard";

/** SQL the guard refused, or that DuckDB could not run: its message is about the SQL, fit to show. */
export class SiteSqlFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SiteSqlFailed";
  }
}

export interface SiteSqlResult {
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
  /** The tail held more events than one read answers (LAKE_TAIL_MAX_ROWS): the newest are missing. */
  tailTruncated: boolean;
}

/** The first local day a whole-history listing asks for (as the Explore page's "All history"). */
const ALL_HISTORY_FROM = "2000-01-01";

/**
 * Run `sql` the way the Explore page does, in Node: guarded (guardSql, at
 * most `maxRows` rows, stopped after QUERY_TIME_LIMIT_MS), over the same
 * views (analyticsViewsSql, its `prop` macro included) of the same inputs: the
 * site's listed lake files and the log's events after the listing's
 * checkpoint (lakeListing + readLakeTail, one snapshot apart as in the
 * browser). Values come out as JSON the way the browser shows them
 * (arrow-to-json.ts): exact numbers, ISO timestamps.
 */
export async function runSiteSql(db: Database, store: BlobStore, site: { id: string; timeZone: string }, sql: string, options: { maxRows?: number; now?: Date } = {}): Promise<SiteSqlResult> {
  const verdict = guardSql(sql, { maxRows: options.maxRows });
  if (!verdict.ok) throw new SiteSqlFailed(`The SQL may not run: ${verdict.reason}`);
  const today = localNow(options.now ?? new Date(), site.timeZone).day;
  const listing = await lakeListing(db, store, site.id, { from: ALL_HISTORY_FROM, to: today });
  return withDuckDB(async (connection, scratch) => {
    const parquetFiles: string[] = [];
    for (const file of listing.files) {
      const bytes = await store.get(file.key);
      if (!bytes) throw new Error(`${file.key} is listed in the lake manifest but missing from the store`);
      parquetFiles.push(await writeScratch(scratch, `lake-${parquetFiles.length}.parquet`, bytes));
    }
    let tailTruncated = false;
    if (listing.tailPending) {
      const tail = await readLakeTail(db, site.id, listing.through);
      tailTruncated = tail.truncated;
      if (tail.rows > 0) parquetFiles.push(await writeScratch(scratch, "tail.parquet", tail.parquet));
    }
    // Timestamps without a zone read as UTC: views.ts casts the files' TIMESTAMPTZ as DuckDB-WASM (no ICU) does.
    await connection.run("SET TimeZone = 'UTC'");
    for (const statement of analyticsViewsSql({ parquetFiles, timeZone: site.timeZone })) await connection.run(statement);
    const result = await runWithTimeLimit(connection, verdict.sql);
    return { ...(await jsonResult(result)), tailTruncated };
  });
}

async function writeScratch(scratch: string, name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(scratch, name);
  await fs.writeFile(file, bytes);
  return file;
}

async function runWithTimeLimit(connection: DuckDBConnection, sql: string): Promise<DuckDBMaterializedResult> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, QUERY_TIME_LIMIT_MS);
  try {
    return await connection.run(sql);
  } catch (error) {
    if (timedOut) throw new SiteSqlFailed(`The query ran longer than ${QUERY_TIME_LIMIT_MS / 1000} s and was stopped.`);
    throw new SiteSqlFailed(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** A DuckDB result as the browser's results table gets it (see arrow-to-json.ts for the rules). A result is read once. */
async function jsonResult(result: DuckDBMaterializedResult): Promise<Pick<SiteSqlResult, "columns" | "rows">> {
  const names = result.columnNames();
  const columns = result.columnTypes().map((type, index) => ({ name: names[index]!, type: type.toString() }));
  const rows = (await result.getRowObjectsJson()).map((row) =>
    Object.fromEntries(
      columns.map(({ name, type }) => {
        const value = row[name] ?? null;
        if (value === null || typeof value !== "string") return [name, value];
        if (/^U?(BIGINT|HUGEINT)$/.test(type)) return [name, bigintToJson(BigInt(value))];
        if (type.startsWith("DECIMAL")) return [name, decimalJson(value)];
        if (type === "TIMESTAMP") return [name, isoTimestamp(value, false)];
        if (type === "TIMESTAMP WITH TIME ZONE") return [name, isoTimestamp(value, true)];
        return [name, value];
      }),
    ),
  );
  return { columns, rows };
}

/** A decimal's text as a number when one holds it exactly (up to 15 significant digits), else the text: decimalToJson's rule. */
function decimalJson(text: string): number | string {
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return trimmed.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length <= 15 ? Number(trimmed) : trimmed;
}

/** DuckDB's "2026-01-02 03:04:05.5" (the session is in UTC) as the browser shows it: "2026-01-02T03:04:05.500", with Z when zoned. */
function isoTimestamp(text: string, zoned: boolean): string {
  const match = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(text);
  if (!match) return text;
  return `${match[1]}T${match[2]}.${(match[3] ?? "").padEnd(3, "0").slice(0, 3)}${zoned ? "Z" : ""}`;
}
