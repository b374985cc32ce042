/**
 * The one place that picks the DuckDB-WASM build the browser runs, and where
 * the app serves it from (app/duckdb/[version]/[file]/route.ts).
 *
 * 1.28.0 is pinned exactly (package.json): it is DuckDB v0.9.1 with Parquet
 * built in, while 1.29+ fetch Parquet from DuckDB's extension site at run
 * time, which fails offline and hands users' IPs to a third party. The
 * version is part of every bundle URL, so a new pin gets new URLs and the
 * old ones may be cached for good.
 */
export const DUCKDB_WASM_VERSION = "1.28.0";

/** Where the bundles are served, same origin, no CDN. */
export const DUCKDB_BUNDLE_PATH = `/duckdb/${DUCKDB_WASM_VERSION}`;

/** The files of the pinned package's dist/ the browser may load, with their Content-Type. */
export const DUCKDB_BUNDLE_FILES = {
  "duckdb-mvp.wasm": "application/wasm",
  "duckdb-eh.wasm": "application/wasm",
  "duckdb-browser-mvp.worker.js": "text/javascript; charset=utf-8",
  "duckdb-browser-eh.worker.js": "text/javascript; charset=utf-8",
} as const;

export type DuckDBBundleFile = keyof typeof DUCKDB_BUNDLE_FILES;

export function isDuckDBBundleFile(name: string): name is DuckDBBundleFile {
  return Object.hasOwn(DUCKDB_BUNDLE_FILES, name);
}

/** The bundle choices selectBundle picks from (the exception-handling build where the browser has it), as absolute URLs. */
export function duckdbBundleUrls(origin: string) {
  const url = (file: DuckDBBundleFile) => `${origin}${DUCKDB_BUNDLE_PATH}/${file}`;
  return {
    mvp: { mainModule: url("duckdb-mvp.wasm"), mainWorker: url("duckdb-browser-mvp.worker.js") },
    eh: { mainModule: url("duckdb-eh.wasm"), mainWorker: url("duckdb-browser-eh.worker.js") },
  };
}
