import { createRequire } from "node:module";
import path from "node:path";
import type * as DuckDBWasm from "@duckdb/duckdb-wasm/blocking";

/** A DuckDB-WASM database in Node: the build the browser runs, for tests of the browser's SQL. */
export interface WasmDuckDB {
  /** Register `bytes` as a file DuckDB can read by `name`. */
  addFile(name: string, bytes: Uint8Array): void;
  /** Run one statement; rows as plain objects (BIGINTs as bigint, as the browser gets them). */
  query(sql: string): Record<string, unknown>[];
  close(): void;
}

/**
 * Open the pinned @duckdb/duckdb-wasm (DuckDB v0.9.1, no ICU) through its
 * blocking Node bindings, as lib/lake/testing/browser-duckdb.ts does for one
 * file, but kept open for many files and statements.
 */
export async function openWasmDuckDB(): Promise<WasmDuckDB> {
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
  const connection = db.connect();
  return {
    addFile: (name, bytes) => db.registerFileBuffer(name, bytes),
    query: (sql) => connection.query(sql).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON()),
    close: () => {
      connection.close();
      db.reset();
    },
  };
}
