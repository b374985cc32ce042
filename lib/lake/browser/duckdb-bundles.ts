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

/**
 * The workers the page starts: each runs the package's worker script without
 * `TransformStream`. With it, DuckDB-WASM 1.28 pipes the module's download
 * through one to report progress (the app does not use it) and compiles the
 * piped Response, which has no URL: Chromium then never caches the compiled
 * code, and every page load compiled the 18 MB module again. Without it, the
 * worker compiles the fetched Response itself, and from the second load on
 * Chromium takes the compiled code from its cache (measured: 4 MB of code
 * cache written; the warm 12-month dashboard at 200k events 3.5 s against
 * 4.4 s, the engine ready at 1.5 s against 1.9 s).
 */
export const DUCKDB_WORKER_ENTRIES = {
  "inlet-mvp.worker.js": "duckdb-browser-mvp.worker.js",
  "inlet-eh.worker.js": "duckdb-browser-eh.worker.js",
} as const satisfies Record<string, DuckDBBundleFile>;

export type DuckDBWorkerEntry = keyof typeof DUCKDB_WORKER_ENTRIES;

export function isDuckDBWorkerEntry(name: string): name is DuckDBWorkerEntry {
  return Object.hasOwn(DUCKDB_WORKER_ENTRIES, name);
}

/** The script of worker entry `entry`: the package's worker, loaded from beside it, with no TransformStream. */
export function duckdbWorkerEntryScript(entry: DuckDBWorkerEntry): string {
  return `self.TransformStream = undefined;\nimportScripts(${JSON.stringify(`./${DUCKDB_WORKER_ENTRIES[entry]}`)});\n`;
}

/** The bundle choices selectBundle picks from (the exception-handling build where the browser has it), as absolute URLs. */
export function duckdbBundleUrls(origin: string) {
  const url = (file: DuckDBBundleFile | DuckDBWorkerEntry) => `${origin}${DUCKDB_BUNDLE_PATH}/${file}`;
  return {
    mvp: { mainModule: url("duckdb-mvp.wasm"), mainWorker: url("inlet-mvp.worker.js") },
    eh: { mainModule: url("duckdb-eh.wasm"), mainWorker: url("inlet-eh.worker.js") },
  };
}
