import { describe, expect, it } from "vitest";
import { LAKE_COLUMNS, LAKE_ROW_GROUP_ROWS, LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { readParquetRows, readParquetSummary } from "./parquet-reader";
import { sha256Hex, writeEventsParquet } from "./parquet-writer";
import { openWasmDuckDB } from "./sql/testing/wasm-duckdb";
import { queryWithBrowserDuckDB } from "./testing/browser-duckdb";
import { generateLakeEvents } from "./testing/lake-events";

const SITE = "0190a0b0-1111-7000-8000-000000000001";
const byTimeThenSeq = (a: LakeEvent, b: LakeEvent) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq);

describe("writeEventsParquet", () => {
  it("writes every column of every event, sorted by time then seq, whatever order they came in", async () => {
    const events = generateLakeEvents({ siteId: SITE, count: 3_000, days: 2, end: new Date("2026-03-10T00:00:00Z"), seed: 7 });
    // Ties on ts that only the id orders, and every nullable column null somewhere.
    events[10] = { ...events[10]!, ts: events[11]!.ts };
    events[20] = { ...events[20]!, userId: null, referrer: null, screenWidth: null, props: null, country: null };
    const shuffled = [...events].reverse();
    const bytes = await writeEventsParquet(shuffled);
    const read = await readParquetRows(bytes);
    expect(read).toEqual([...events].sort(byTimeThenSeq));
    expect(read.map((row) => Object.keys(row))[0]).toEqual(LAKE_COLUMNS.map((column) => column.key));
  });

  it("compresses with ZSTD, keeps statistics and the layout version, and splits row groups", async () => {
    const events = generateLakeEvents({ siteId: SITE, count: 150_000, days: 1, end: new Date("2026-03-10T00:00:00Z"), seed: 8 });
    const bytes = await writeEventsParquet(events);
    const summary = await readParquetSummary(bytes);
    expect(summary).toEqual({
      rows: events.length,
      minTs: events[0]!.ts,
      maxTs: events.at(-1)!.ts,
      rowGroupRows: expect.any(Array),
      codecs: ["ZSTD"],
      statistics: true,
      schemaVersion: LAKE_SCHEMA_VERSION,
    });
    // Groups close at the first whole DuckDB vector (2,048 rows) past the target.
    expect(summary.rowGroupRows).toHaveLength(2);
    for (const rows of summary.rowGroupRows.slice(0, -1)) {
      expect(rows).toBeGreaterThanOrEqual(LAKE_ROW_GROUP_ROWS);
      expect(rows).toBeLessThan(LAKE_ROW_GROUP_ROWS + 2048);
    }
  });

  it("gives the same bytes for the same events, batched or not", async () => {
    const events = generateLakeEvents({ siteId: SITE, count: 5_000, days: 1, end: new Date("2026-03-10T00:00:00Z"), seed: 9 });
    async function* batches() {
      for (let start = 0; start < events.length; start += 1_234) yield events.slice(start, start + 1_234);
    }
    const [whole, batched] = [await writeEventsParquet(events), await writeEventsParquet(batches())];
    expect(sha256Hex(batched)).toBe(sha256Hex(whole));
  });

  it("is read by the browser's DuckDB-WASM, every column and value as written", async () => {
    const events = generateLakeEvents({ siteId: SITE, count: 2_000, days: 1, end: new Date("2026-03-10T00:00:00Z"), seed: 10 });
    events[5] = { ...events[5]!, props: '{"plan": "pro", "quote": "a\\"b"}', userId: null, screenWidth: null };
    const bytes = await writeEventsParquet(events);
    const select = LAKE_COLUMNS.map(({ name, type }) => (type === "TIMESTAMPTZ" ? `epoch_us(${name})::VARCHAR AS ${name}` : `${name}::VARCHAR AS ${name}`));
    const text = (value: unknown) => (value === null ? null : String(value));
    const seen = await queryWithBrowserDuckDB(bytes, `SELECT ${select.join(", ")} FROM 'lake.parquet'`);
    expect(seen).toEqual([...events].sort(byTimeThenSeq).map((event) => Object.fromEntries(LAKE_COLUMNS.map(({ key, name }) => [name, text(event[key])]))));
  });

  it("stores times in milliseconds when that loses nothing, else in microseconds, and both read back as the same instants", async () => {
    const events = generateLakeEvents({ siteId: SITE, count: 2_000, days: 1, end: new Date("2026-03-10T00:00:00Z"), seed: 11 });
    expect(events.every((event) => event.ts % 1000n === 0n)).toBe(true);
    const withMicros = events.map((event, index) => (index === 7 ? { ...event, ts: event.ts + 1n } : event));
    const [millisFile, microsFile] = [await writeEventsParquet(events), await writeEventsParquet(withMicros)];
    expect(await readParquetRows(millisFile)).toEqual([...events].sort(byTimeThenSeq));
    expect(await readParquetRows(microsFile)).toEqual([...withMicros].sort(byTimeThenSeq));
    // The time column is most of the difference: ~1 byte an event.
    expect(millisFile.length).toBeLessThan(microsFile.length - events.length / 2);

    // The browser reads both kinds of file in one scan (a lake written before and after).
    const wasm = await openWasmDuckDB();
    try {
      wasm.addFile("millis.parquet", millisFile);
      wasm.addFile("micros.parquet", microsFile);
      const [both] = wasm.query(
        `SELECT count(*) AS "rows", sum(epoch_ms(CAST(ts AS TIMESTAMP)))::VARCHAR AS "msSum" FROM read_parquet(['millis.parquet', 'micros.parquet'], union_by_name = true)`,
      );
      const msSum = [...events, ...withMicros].reduce((sum, event) => sum + event.ts / 1000n, 0n);
      expect(both).toEqual({ rows: BigInt(2 * events.length), msSum: String(msSum) });
    } finally {
      wasm.close();
    }
  });

  it("writes an empty file that reads back as no rows", async () => {
    const bytes = await writeEventsParquet([]);
    expect(await readParquetRows(bytes)).toEqual([]);
    expect((await readParquetSummary(bytes)).rows).toBe(0);
  });
});

describe("sha256Hex", () => {
  it("is the hex SHA-256 of the bytes", () => {
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
