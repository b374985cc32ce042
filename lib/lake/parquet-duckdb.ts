import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBDataChunk, DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";

/**
 * Run `work` on a fresh in-memory DuckDB with a private scratch folder, and
 * remove both afterwards. DuckDB reads and writes Parquet through files, so
 * bytes pass through the folder. An instance per call costs ~20 ms, small
 * next to a file's write, and keeps concurrent exports from sharing state.
 */
export async function withDuckDB<T>(work: (connection: DuckDBConnection, scratch: string) => Promise<T>): Promise<T> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "inlet-lake-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    // Lake files hold UTC instants, some typed without a zone (parquet-writer.ts):
    // where DuckDB casts between the two, it must not apply the machine's zone.
    await connection.run("SET TimeZone = 'UTC'");
    return await work(connection, scratch);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** A path as a SQL string literal. */
export function sqlPath(file: string): string {
  return `'${file.replaceAll("'", "''")}'`;
}

/** A column name as a SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Append `rows` through `appender` a data chunk at a time (far faster than
 * row by row): `columnsOf` turns a slice of rows into one array of values
 * per column, of `types`.
 */
export function appendInChunks<Row>(appender: DuckDBAppender, types: DuckDBType[], rows: readonly Row[], columnsOf: (slice: readonly Row[]) => DuckDBValue[][]): void {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const slice = rows.slice(start, start + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(types, slice.length);
    chunk.setColumns(columnsOf(slice));
    appender.appendDataChunk(chunk);
  }
}
