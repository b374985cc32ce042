import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { BIGINT, INTEGER, SMALLINT, TIMESTAMPTZ, timestampTZValue, VARCHAR, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import { appendInChunks, sqlIdentifier, sqlPath, withDuckDB } from "./parquet-duckdb";
import { LAKE_COLUMNS, LAKE_ROW_GROUP_ROWS, LAKE_SCHEMA_VERSION, type LakeColumn, type LakeEvent } from "./parquet-schema";

/** Events to write: all at once, or in batches (an export reads the log page by page). */
export type LakeEventSource = readonly LakeEvent[] | AsyncIterable<readonly LakeEvent[]>;

/**
 * How each column is staged before the COPY. UUIDs go in as text and are
 * cast by DuckDB (faster than building a 128-bit BigInt per value in JS).
 */
const STAGED_TYPE: Record<LakeColumn["type"], DuckDBType> = {
  UUID: VARCHAR,
  VARCHAR,
  BIGINT,
  INTEGER,
  SMALLINT,
  TIMESTAMPTZ,
};

/**
 * Write events as one Parquet file and return its bytes: the lake's fixed
 * columns (LAKE_COLUMNS; `ts` in milliseconds where that loses nothing),
 * rows sorted by `ts` then `seq`, ZSTD, min/max statistics per row group and
 * column (DuckDB's default), row groups of about LAKE_ROW_GROUP_ROWS, and
 * the layout version in the key-value metadata. The same rows give the same
 * bytes.
 *
 * Parquet format v2 pages: delta encodings for the sorted times and the
 * strings, 8% smaller than v1 for the same events, and read by the browser's
 * DuckDB-WASM 1.28.0 (a test checks that).
 */
export async function writeEventsParquet(rows: LakeEventSource): Promise<Uint8Array> {
  return withDuckDB(async (connection, scratch) => {
    // One thread: row groups then split at fixed row counts, so the same rows
    // give the same bytes on any machine (and the same content-addressed key,
    // see export-partition.ts), and a background export leaves the other
    // cores to the app. On two busy cores it was no slower than two threads.
    await connection.run("SET threads = 1");
    const staged = LAKE_COLUMNS.map((column) => `${sqlIdentifier(column.name)} ${STAGED_TYPE[column.type].toString()}`).join(", ");
    await connection.run(`CREATE TABLE staged (${staged})`);
    const appender = await connection.createAppender("staged");
    const types = LAKE_COLUMNS.map((column) => STAGED_TYPE[column.type]);
    const append = (batch: readonly LakeEvent[]) => appendInChunks(appender, types, batch, (slice) => LAKE_COLUMNS.map((column) => stagedValues(slice, column)));
    if (isBatchIterable(rows)) for await (const batch of rows) append(batch);
    else append(rows);
    appender.closeSync();

    const [times] = (await connection.runAndReadAll(`SELECT coalesce(bool_and(epoch_us("ts") % 1000 = 0), true) AS "wholeMs" FROM staged`)).getRowObjectsJS();
    const timeIn = times!.wholeMs ? millisecondTime : (name: string) => name;
    const select = LAKE_COLUMNS.map((column) => {
      const name = sqlIdentifier(column.name);
      return column.type === "UUID" ? `${name}::UUID AS ${name}` : column.type === "TIMESTAMPTZ" ? `${timeIn(name)} AS ${name}` : name;
    }).join(", ");
    const file = path.join(scratch, "events.parquet");
    await connection.run(
      `COPY (SELECT ${select} FROM staged ORDER BY "ts", "seq") TO ${sqlPath(file)}
       (FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, ROW_GROUP_SIZE ${LAKE_ROW_GROUP_ROWS},
        KV_METADATA {inlet_schema_version: '${LAKE_SCHEMA_VERSION}'})`,
    );
    return new Uint8Array(await fs.readFile(file));
  });
}

/**
 * A TIMESTAMPTZ column as Parquet TIMESTAMP(MILLIS): 1.8 bytes an event where
 * microseconds took 2.9 (a month of generated traffic, 830k events). The
 * writer uses it only when every time is a whole millisecond (the collector's
 * times are: they come from JS Dates), so nothing is lost. The Parquet type
 * then says "not adjusted to UTC": readers take the value as the UTC instant
 * it is (the browser's DuckDB has no time zones; parquet-duckdb.ts keeps
 * Node's DuckDB in UTC). Built from epoch microseconds, so the session's time
 * zone never enters the conversion.
 */
const millisecondTime = (name: string) => `CAST(make_timestamp(epoch_us(${name})) AS TIMESTAMP_MS)`;

/** SHA-256 of a file's bytes, as lowercase hex: the manifest's checksum. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function stagedValues(rows: readonly LakeEvent[], column: LakeColumn): DuckDBValue[] {
  const values = new Array<DuckDBValue>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]![column.key];
    if (value === null) values[i] = null;
    else if (column.type === "TIMESTAMPTZ") values[i] = timestampTZValue(value as bigint);
    else if (column.type === "BIGINT") values[i] = BigInt(value as number | bigint);
    else values[i] = value as string | number;
  }
  return values;
}

function isBatchIterable(rows: LakeEventSource): rows is AsyncIterable<readonly LakeEvent[]> {
  return Symbol.asyncIterator in rows;
}
