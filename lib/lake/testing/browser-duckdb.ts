import { createRequire } from "node:module";
import path from "node:path";
import type * as DuckDBWasm from "@duckdb/duckdb-wasm/blocking";

/**
 * Query Parquet bytes with the DuckDB-WASM build the browser gets (the
 * pinned @duckdb/duckdb-wasm, run in Node through its blocking bindings), so
 * a test can prove the lake's files are readable where they will be read.
 * `query` reads the file as `lake.parquet`; values come back as JSON-safe
 * text where they are not numbers.
 */
export async function queryWithBrowserDuckDB(bytes: Uint8Array, query: string): Promise<Record<string, unknown>[]> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const duckdb = require(entry) as typeof DuckDBWasm & { NODE_RUNTIME: DuckDBWasm.DuckDBRuntime };
  const dist = path.dirname(entry);
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: path.join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: path.join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  db.registerFileBuffer("lake.parquet", bytes);
  const connection = db.connect();
  try {
    const table = connection.query(query);
    return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
  } finally {
    connection.close();
    db.reset();
  }
}
