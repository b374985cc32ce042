import { openWasmDuckDB } from "@/lib/lake/sql/testing/wasm-duckdb";

/**
 * Query Parquet bytes with the DuckDB-WASM build the browser gets (the
 * pinned @duckdb/duckdb-wasm, run in Node through its blocking bindings), so
 * a test can prove the lake's files are readable where they will be read.
 * `query` reads the file as `lake.parquet`.
 */
export async function queryWithBrowserDuckDB(bytes: Uint8Array, query: string): Promise<Record<string, unknown>[]> {
  const db = await openWasmDuckDB();
  try {
    db.addFile("lake.parquet", bytes);
    return db.query(query);
  } finally {
    db.close();
  }
}
