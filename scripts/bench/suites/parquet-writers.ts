import { compress, init as initZstd } from "@bokuweb/zstd-wasm";
import { parquetWriteBuffer } from "hyparquet-writer";
import { readParquetSummary, type ParquetSummary } from "../../../lib/lake/parquet-reader";
import { LAKE_COLUMNS, LAKE_ROW_GROUP_ROWS, type LakeColumn, type LakeEvent } from "../../../lib/lake/parquet-schema";
import { writeEventsParquet } from "../../../lib/lake/parquet-writer";
import { generateLakeEvents } from "../../../lib/lake/testing/lake-events";
import type { BenchSuite } from "../suite";

type HyparquetOptions = Parameters<typeof parquetWriteBuffer>[0];
type ColumnSource = HyparquetOptions["columnData"][number];
type SchemaElement = NonNullable<HyparquetOptions["schema"]>[number];

const ZSTD_LEVEL = 3; // DuckDB's default level, so both writers compress alike.

/**
 * The lake's Parquet writer, chosen by measurement: the same events (demo
 * traffic of one site, every lake column) written to Parquet in memory with
 * ZSTD, statistics, rows sorted by (ts, seq) and 100k-row groups, by
 * @duckdb/node-api (what lib/lake/parquet-writer.ts uses) and by the pure-JS
 * hyparquet-writer with a WASM zstd (@bokuweb/zstd-wasm). Each writer's time
 * runs from the JS rows to the file's bytes (sorting and its own column
 * conversion included), best of `runs`; each file is read back by DuckDB
 * and must hold every event in time order.
 */
export const parquetWriters: BenchSuite = {
  name: "parquet-writers",
  description: "lake Parquet writers: @duckdb/node-api against hyparquet-writer (+ zstd-wasm), bytes/event and rows/s",
  params: { events: 1_000_000, days: 30, runs: 2 },
  async run(params) {
    const events = Number(params.events);
    const runs = Number(params.runs);
    const rows = generateLakeEvents({ siteId: "0190a0b0-1111-7000-8000-000000000001", count: events, days: Number(params.days), end: new Date("2026-03-10T00:00:00Z"), seed: 42 });
    await initZstd();

    const writers: Record<string, (rows: readonly LakeEvent[]) => Promise<Uint8Array>> = {
      duckdb: writeEventsParquet,
      hyparquet: async (rows) => writeWithHyparquet(rows),
    };
    const metrics: Record<string, number> = { events };
    for (const [name, write] of Object.entries(writers)) {
      let best = Infinity;
      let file: Uint8Array = new Uint8Array();
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        file = await write(rows);
        best = Math.min(best, performance.now() - started);
      }
      expectWholeFile(name, await readParquetSummary(file), rows);
      metrics[`${name}_ms`] = Math.round(best);
      metrics[`${name}_rows_per_s`] = Math.round(events / (best / 1000));
      metrics[`${name}_bytes`] = file.length;
      metrics[`${name}_bytes_per_event`] = Math.round((file.length / events) * 100) / 100;
    }
    return metrics;
  },
};

/** hyparquet-writer's best shot at the same file: the same column types, delta-encoded integers, ZSTD, statistics. */
function writeWithHyparquet(rows: readonly LakeEvent[]): Uint8Array {
  const sorted = [...rows].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
  const columnData: ColumnSource[] = LAKE_COLUMNS.map((column) => ({
    name: column.name,
    data: sorted.map((row) => (column.type === "BIGINT" && row[column.key] !== null ? BigInt(row[column.key] as number) : row[column.key])),
    ...(column.type === "BIGINT" || column.type === "TIMESTAMPTZ" ? { encoding: "DELTA_BINARY_PACKED" as const } : {}),
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    schema: [{ name: "root", num_children: LAKE_COLUMNS.length }, ...LAKE_COLUMNS.map(schemaElement)],
    codec: "ZSTD",
    compressors: { ZSTD: (input) => compress(input, ZSTD_LEVEL) },
    statistics: true,
    rowGroupSize: LAKE_ROW_GROUP_ROWS,
  });
  return new Uint8Array(buffer);
}

/** The Parquet schema element DuckDB writes for each lake column type. */
function schemaElement({ name, type }: LakeColumn): SchemaElement {
  const repetition_type = "OPTIONAL";
  switch (type) {
    case "UUID":
      return { name, repetition_type, type: "FIXED_LEN_BYTE_ARRAY", type_length: 16, logical_type: { type: "UUID" } };
    case "TIMESTAMPTZ":
      return { name, repetition_type, type: "INT64", converted_type: "TIMESTAMP_MICROS", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } };
    case "BIGINT":
      return { name, repetition_type, type: "INT64", converted_type: "INT_64" };
    case "INTEGER":
      return { name, repetition_type, type: "INT32", converted_type: "INT_32" };
    case "SMALLINT":
      return { name, repetition_type, type: "INT32", converted_type: "INT_16" };
    case "VARCHAR":
      return { name, repetition_type, type: "BYTE_ARRAY", converted_type: "UTF8" };
  }
}

function expectWholeFile(writer: string, summary: ParquetSummary, rows: readonly LakeEvent[]): void {
  const minTs = rows.reduce((min, row) => (row.ts < min ? row.ts : min), rows[0]!.ts);
  const maxTs = rows.reduce((max, row) => (row.ts > max ? row.ts : max), rows[0]!.ts);
  if (summary.rows !== rows.length || summary.minTs !== minTs || summary.maxTs !== maxTs || !summary.codecs.every((codec) => codec === "ZSTD") || !summary.statistics) {
    throw new Error(`${writer} wrote an incomplete file: ${JSON.stringify(summary, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))}`);
  }
}
