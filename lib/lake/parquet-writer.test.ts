import { describe, expect, it } from "vitest";
import { LAKE_COLUMNS, LAKE_ROW_GROUP_ROWS, LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { readParquetRows, readParquetSummary } from "./parquet-reader";
import { sha256Hex, writeEventsParquet } from "./parquet-writer";
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
