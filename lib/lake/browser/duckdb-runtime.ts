import type { AsyncDuckDB } from "@duckdb/duckdb-wasm";
import { DUCKDB_BUNDLE_PATH, duckdbBundleUrls } from "./duckdb-bundles";
import { LakeError } from "./lake-error";

/**
 * One DuckDB-WASM database per page, in a Web Worker, started on first need.
 * The library itself (and Apache Arrow with it) is imported here only, so
 * pages that never query do not download it; the browser caches the bundles
 * (immutable, versioned URLs).
 *
 * A runtime can be killed: DuckDB-WASM 1.28 only cancels a query between
 * polls of its pending result, and some plans (a cross product, one big
 * pipeline step) run for minutes inside one poll. Such a query is stopped by
 * terminating the worker (restartDuckDB); the next getDuckDB starts a fresh
 * one, and every SiteLake attaches to it again from its cached files.
 */
export interface DuckDBRuntime {
  readonly db: AsyncDuckDB;
  /** Counts runtimes started on this page; a SiteLake attached to an older one attaches again. */
  readonly generation: number;
  /** Settles when this runtime is terminated: calls into it will never answer after that. */
  readonly terminated: Promise<void>;
  isTerminated(): boolean;
  /** Files registered with this runtime, by name: how many SiteLakes use each, and its registration. */
  readonly fileUsers: Map<string, { count: number; ready: Promise<void> }>;
  /** The DuckDB-WASM module, for its enums. */
  readonly duckdb: typeof import("@duckdb/duckdb-wasm");
}

let current: Promise<DuckDBRuntime> | null = null;
let generation = 0;

/** The page's DuckDB, started if it is not yet (or was restarted). */
export function getDuckDB(): Promise<DuckDBRuntime> {
  if (!current) {
    const starting = startDuckDB(++generation);
    current = starting;
    // A failed start is not kept: the next call tries again.
    starting.catch(() => {
      if (current === starting) current = null;
    });
  }
  return current;
}

/** Terminate `runtime`'s worker (if it is still the page's) so the next getDuckDB starts afresh. */
export async function restartDuckDB(runtime: DuckDBRuntime): Promise<void> {
  const live = current ? await current.catch(() => null) : null;
  if (live === runtime) current = null;
  await terminate(runtime);
}

const terminators = new WeakMap<DuckDBRuntime, () => void>();

async function terminate(runtime: DuckDBRuntime): Promise<void> {
  terminators.get(runtime)?.();
  await runtime.db.terminate().catch(() => {});
}

async function startDuckDB(generationNumber: number): Promise<DuckDBRuntime> {
  try {
    const duckdb = await import("@duckdb/duckdb-wasm");
    const bundle = await duckdb.selectBundle(duckdbBundleUrls(window.location.origin));
    const worker = new Worker(bundle.mainWorker!);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    let isTerminated = false;
    let markTerminated = () => {};
    const terminated = new Promise<void>((resolve) => (markTerminated = resolve));
    const runtime: DuckDBRuntime = { db, generation: generationNumber, terminated, isTerminated: () => isTerminated, fileUsers: new Map(), duckdb };
    terminators.set(runtime, () => {
      isTerminated = true;
      markTerminated();
    });
    await guardExtensions(db);
    return runtime;
  } catch (error) {
    throw new LakeError("engine_failed", "The in-browser query engine (DuckDB-WASM) could not start.", { cause: error });
  }
}

/**
 * Nothing may be fetched from a third party at run time: automatic extension
 * install and load stay off (this build's default), and an explicit
 * `INSTALL`/`LOAD` looks on this app's origin, where there are none, instead
 * of DuckDB's extension site.
 */
async function guardExtensions(db: AsyncDuckDB): Promise<void> {
  const connection = await db.connect();
  try {
    await connection.query("SET autoinstall_known_extensions = false");
    await connection.query("SET autoload_known_extensions = false");
    const repository = `${window.location.origin}${DUCKDB_BUNDLE_PATH}/no-extensions`.replaceAll("'", "''");
    await connection.query(`SET custom_extension_repository = '${repository}'`);
  } finally {
    await connection.close();
  }
}
