import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlIdentifier, sqlPath, withDuckDB } from "./parquet-duckdb";
import { LAKE_COLUMNS, type LakeEvent } from "./parquet-schema";

/** What a lake file says about itself, read from its bytes. */
export interface ParquetSummary {
  rows: number;
  /** Earliest and latest `ts`, microseconds since the epoch; null when empty. */
  minTs: bigint | null;
  maxTs: bigint | null;
  /** Rows in each row group, in file order. */
  rowGroupRows: number[];
  /** Every compression codec its column chunks use. */
  codecs: string[];
  /** Whether every column chunk carries min/max statistics (or counts only nulls, which have none). */
  statistics: boolean;
  /** `inlet_schema_version` from its key-value metadata, or null. */
  schemaVersion: number | null;
}

/** Every event of a lake file, in file order (for verification and tests). */
export async function readParquetRows(bytes: Uint8Array): Promise<LakeEvent[]> {
  return withParquetFile(bytes, async (connection, file) => {
    const columns = LAKE_COLUMNS.map((column) => {
      const name = sqlIdentifier(column.name);
      const value = column.type === "UUID" ? `${name}::VARCHAR` : column.type === "TIMESTAMPTZ" ? `epoch_us(${name})` : name;
      return `${value} AS ${sqlIdentifier(column.key)}`;
    });
    const reader = await connection.runAndReadAll(`SELECT ${columns.join(", ")} FROM read_parquet(${sqlPath(file)})`);
    return reader.getRowObjectsJS().map((row) => ({ ...row, seq: Number(row.seq) }) as unknown as LakeEvent);
  });
}

/** Row count, time range, row groups, codecs, statistics and layout version of a lake file. */
export async function readParquetSummary(bytes: Uint8Array): Promise<ParquetSummary> {
  return withParquetFile(bytes, async (connection, file) => {
    const source = sqlPath(file);
    const [counted] = (await connection.runAndReadAll(`SELECT count(*) AS "rows", min(epoch_us("ts")) AS "minTs", max(epoch_us("ts")) AS "maxTs" FROM read_parquet(${source})`)).getRowObjectsJS();
    const chunks = (
      await connection.runAndReadAll(`SELECT row_group_id AS "rowGroup", row_group_num_rows AS "rowGroupRows", compression AS "codec",
         (stats_min_value IS NOT NULL AND stats_max_value IS NOT NULL) OR (stats_min IS NOT NULL AND stats_max IS NOT NULL) OR stats_null_count = num_values AS "statistics"
         FROM parquet_metadata(${source})`)
    ).getRowObjectsJS() as { rowGroup: bigint; rowGroupRows: bigint; codec: string; statistics: boolean }[];
    const [version] = (
      await connection.runAndReadAll(`SELECT decode(value) AS "value" FROM parquet_kv_metadata(${source}) WHERE decode(key) = 'inlet_schema_version'`)
    ).getRowObjectsJS() as { value: string }[];
    return {
      rows: Number(counted!.rows),
      minTs: (counted!.minTs as bigint | null) ?? null,
      maxTs: (counted!.maxTs as bigint | null) ?? null,
      rowGroupRows: [...new Map(chunks.map((chunk) => [Number(chunk.rowGroup), Number(chunk.rowGroupRows)])).entries()].sort(([a], [b]) => a - b).map(([, rows]) => rows),
      codecs: [...new Set(chunks.map((chunk) => chunk.codec))].sort(),
      statistics: chunks.every((chunk) => chunk.statistics),
      schemaVersion: version ? Number(version.value) : null,
    };
  });
}

async function withParquetFile<T>(bytes: Uint8Array, work: (connection: DuckDBConnection, file: string) => Promise<T>): Promise<T> {
  return withDuckDB(async (connection, scratch) => {
    const file = path.join(scratch, "file.parquet");
    await fs.writeFile(file, bytes);
    return work(connection, file);
  });
}
