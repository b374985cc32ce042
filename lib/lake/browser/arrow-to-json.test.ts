import { createRequire } from "node:module";
import path from "node:path";
import type * as DuckDBWasm from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchRows, decimalToJson, resultColumns, uniqueColumnNames, type ArrowBatchLike } from "./arrow-to-json";

// The browser's build through its blocking Node bindings: the Arrow values tested are the ones the browser gets.
let db: DuckDBWasm.DuckDBBindings;
let connection: DuckDBWasm.DuckDBConnection;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const duckdb = require(entry) as typeof DuckDBWasm & { NODE_RUNTIME: DuckDBWasm.DuckDBRuntime };
  const dist = path.dirname(entry);
  db = await duckdb.createDuckDB(
    { mvp: { mainModule: path.join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: path.join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  connection = db.connect();
});

afterAll(() => {
  connection?.close();
  db?.reset();
});

function run(sql: string) {
  const table = connection.query(sql) as unknown as ArrowBatchLike;
  const columns = resultColumns(table);
  return { columns, rows: batchRows(table, columns) };
}

describe("Arrow results as JSON", () => {
  it("gives numbers where exact and text where not", () => {
    const { columns, rows } = run(`SELECT 42::BIGINT AS big, 9007199254740993::BIGINT AS too_big, 3::UBIGINT AS ubig, 1::TINYINT AS tiny,
      1.5::FLOAT AS f, 2.25::DOUBLE AS d, 12.30::DECIMAL(10,2) AS dec, -12.34::DECIMAL(18,2) AS neg_dec,
      sum(x)::HUGEINT AS total, 123456789012345678901234567890::HUGEINT AS huge, -5::HUGEINT AS neg
      FROM (VALUES (1), (2)) t(x)`);
    expect(rows).toEqual([{ big: 42, too_big: "9007199254740993", ubig: 3, tiny: 1, f: 1.5, d: 2.25, dec: 12.3, neg_dec: -12.34, total: 3, huge: "123456789012345678901234567890", neg: -5 }]);
    expect(columns.map((column) => column.type)).toEqual(["BIGINT", "BIGINT", "UBIGINT", "TINYINT", "FLOAT", "DOUBLE", "DECIMAL(10,2)", "DECIMAL(18,2)", "DECIMAL(38,0)", "DECIMAL(38,0)", "DECIMAL(38,0)"]);
    // count(*) of a real query: the dashboard's counts must come back as numbers.
    expect(run("SELECT count(*) AS n, sum(range) AS s FROM range(1000)").rows).toEqual([{ n: 1000, s: 499500 }]);
  });

  it("writes times as ISO text, with a zone only when the value has one", () => {
    const { columns, rows } = run(`SELECT TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, TIMESTAMPTZ '2024-01-02 03:04:05+00' AS tstz,
      DATE '2024-01-02' AS day, TIME '10:11:12' AS tm, TIME '00:00:01.5' AS tm_frac, date_trunc('day', TIMESTAMP '2024-03-04 05:06:07') AS trunc`);
    expect(rows).toEqual([{ ts: "2024-01-02T03:04:05.123", tstz: "2024-01-02T03:04:05.000Z", day: "2024-01-02", tm: "10:11:12", tm_frac: "00:00:01.500000", trunc: "2024-03-04" }]);
    expect(columns.map((column) => column.type)).toEqual(["TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE", "TIME", "TIME", "DATE"]);
  });

  it("keeps nulls, text, booleans, blobs, lists and structs as JSON", () => {
    const { columns, rows } = run(`SELECT NULL::BIGINT AS missing, 'hé' AS s, true AS b, '\\xAA'::BLOB AS blob,
      [1, 2]::INTEGER[] AS list, [[1::BIGINT], []] AS nested, {'a': 1::BIGINT, 'b': 'x'} AS st, '{"k":1}' AS props`);
    expect(rows).toEqual([{ missing: null, s: "hé", b: true, blob: "\\xAA", list: [1, 2], nested: [[1], []], st: { a: 1, b: "x" }, props: '{"k":1}' }]);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
    expect(columns.map((column) => column.type)).toEqual(["BIGINT", "VARCHAR", "BOOLEAN", "BLOB", "INTEGER[]", "BIGINT[][]", "STRUCT(a BIGINT, b VARCHAR)", "VARCHAR"]);
  });

  it("keeps every column when names repeat", () => {
    expect(run("SELECT 1 AS a, 2 AS a").rows).toEqual([{ a: 1, "a (2)": 2 }]);
    expect(uniqueColumnNames(["a", "a", "a (2)"])).toEqual(["a", "a (2)", "a (2) (2)"]);
  });

  it("reads two's complement decimal words", () => {
    expect(decimalToJson([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 0)).toBe(-1);
    expect(decimalToJson([5, 0, 0, 0], 3)).toBe(0.005);
    expect(decimalToJson([0, 0, 0, 0x80000000], 0)).toBe("-170141183460469231731687303715884105728");
  });
});
