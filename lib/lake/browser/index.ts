// The browser's lake runtime: a site's history in DuckDB-WASM, in this page.
// Client-only (Web Worker, Cache API); the server side is serve-duckdb-bundle.ts.
export { openSiteLake, type ExportFormat, type LakeLoadProgress, type LakeLoadReport, type LoadedLakeFile, type OpenSiteLakeOptions, type QueryOptions, type QueryResult, type SiteLake } from "./open-site-lake";
export { LakeError, type LakeErrorCode } from "./lake-error";
export type { ResultColumn } from "./arrow-to-json";
