import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

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
