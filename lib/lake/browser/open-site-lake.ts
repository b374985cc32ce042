import { z } from "zod";
import { SHARE_TOKEN_HEADER } from "@/lib/access/share-token-header";
import { quoteString } from "@/lib/lake/sql/sql-literal";
import { dayRollupsViewSql, planRolledLoad } from "@/lib/lake/sql/rolled-dashboard";
import { analyticsViewsSql } from "@/lib/lake/sql/views";
import type { HourRange } from "@/lib/query/dashboard-model";
import { batchRows, resultColumns, type ArrowBatchLike, type ResultColumn } from "./arrow-to-json";
import { getDuckDB, restartDuckDB, type DuckDBRuntime } from "./duckdb-runtime";
import { fetchLakeFileCached } from "./fetch-lake-file-cached";
import { cancelledError, LakeError, throwIfAborted } from "./lake-error";

export interface OpenSiteLakeOptions {
  siteId: string;
  /** First local day (YYYY-MM-DD) whose lake files are loaded. */
  from: string;
  /** Last local day (YYYY-MM-DD), included. */
  to: string;
  /** A share link's token, for a shared dashboard's reader (sent as SHARE_TOKEN_HEADER). */
  shareToken?: string;
  /** Aborting it while loading cancels the load; aborting it later closes the lake. */
  signal?: AbortSignal;
  onProgress?: (progress: LakeLoadProgress) => void;
  /**
   * The ranges (local hours) of an unfiltered dashboard to answer from day
   * rollups where they can (lib/lake/sql/rolled-dashboard.ts): only the
   * rollups and the event files planRolledLoad picks for them are loaded,
   * and `loaded.rolledDays` says which days the rollups answer. Without it,
   * every listed event file is loaded and no rollup.
   */
  rollupsFor?: HourRange[];
}

export interface LakeLoadProgress {
  phase: "listing" | "fetching" | "starting" | "ready";
  /** Lake files to load, and how many are loaded (from the cache or the network). */
  files: number;
  filesDone: number;
  /** Their listed size, and how much of it is loaded. */
  bytes: number;
  bytesDone: number;
}

export interface LoadedLakeFile {
  key: string;
  day: string;
  rows: number;
  bytes: number;
  source: "cache" | "network";
}

/** What a SiteLake loaded: for diagnostics, the page's status line and the bench. */
export interface LakeLoadReport {
  siteId: string;
  from: string;
  to: string;
  /** The site's IANA time zone, as the views use it. */
  timeZone: string;
  files: LoadedLakeFile[];
  /** The day rollups loaded (the `day_rollups` view), and the local days they answer (see rollupsFor). */
  rollups: LoadedLakeFile[];
  rolledDays: string[];
  bytesFromNetwork: number;
  bytesFromCache: number;
  /** Size of the recent tail fetched from the server, or null when there was none. */
  tailBytes: number | null;
  /** When the listing was fetched (epoch ms): the data are complete up to about then. */
  openedAt: number;
  loadMs: number;
}

export interface QueryOptions {
  signal?: AbortSignal;
  /** Rows to read at most (all by default); more make `truncated` true. */
  maxRows?: number;
}

export interface QueryResult {
  columns: ResultColumn[];
  /** Rows as plain JSON: see arrow-to-json.ts for how values are converted. */
  rows: Record<string, unknown>[];
  truncated: boolean;
  elapsedMs: number;
}

export type ExportFormat = "csv" | "parquet";

/**
 * A site's history over a range of days, queryable with SQL in this
 * browser: the views `events` and `sessions` (lib/lake/sql/views.ts) over its
 * lake files and recent tail. Statements run one at a time, in call order,
 * on the lake's own connection; tables a caller creates stay in the lake's
 * own schema. Every rejection is a LakeError.
 */
export interface SiteLake {
  readonly loaded: LakeLoadReport;
  /** Run one SQL statement. */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** The whole result of one query as a file: CSV with a header row, or Parquet. */
  exportResult(sql: string, format: ExportFormat, options?: { signal?: AbortSignal }): Promise<Blob>;
  /** The columns of a view or table (DESCRIBE), e.g. `events`. */
  describe(relation: string, options?: { signal?: AbortSignal }): Promise<ResultColumn[]>;
  /** Cancel the running statement and every queued one (they reject with code "cancelled"). */
  cancel(): void;
  /** Cancel everything and free the lake's connection, schema and files. */
  close(): Promise<void>;
}

/**
 * How long a cancelled query may take to stop by DuckDB's own cancel before
 * the engine's worker is terminated (see duckdb-runtime.ts).
 */
const CANCEL_GRACE_MS = 1500;
const PARALLEL_DOWNLOADS = 4;

const listingSchema = z.object({
  timeZone: z.string(),
  files: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      day: z.string(),
      rows: z.number(),
      bytes: z.number(),
      schemaVersion: z.number(),
      url: z.string(),
      rollup: z.object({ key: z.string(), bytes: z.number(), url: z.string() }).nullable(),
    }),
  ),
  tailUrl: z.string().nullable(),
  rawDays: z.array(z.string()),
  expiresInSeconds: z.number(),
});

/**
 * Load a site's history for local days `from`..`to` into the page's
 * DuckDB-WASM: list the files (signed URLs for this site's files only),
 * take each from the browser's cache or download it once, fetch the recent
 * tail fresh, and create the views. DuckDB starts while the files download.
 */
export async function openSiteLake(options: OpenSiteLakeOptions): Promise<SiteLake> {
  const { signal, onProgress } = options;
  const started = performance.now();
  const engine = getDuckDB();
  // Its failure surfaces when awaited below; do not let it go unhandled meanwhile.
  engine.catch(() => {});
  const headers: Record<string, string> = options.shareToken ? { [SHARE_TOKEN_HEADER]: options.shareToken } : {};

  const progress: LakeLoadProgress = { phase: "listing", files: 0, filesDone: 0, bytes: 0, bytesDone: 0 };
  const report = () => onProgress?.({ ...progress });
  report();
  const listingUrl = `/api/sites/${encodeURIComponent(options.siteId)}/lake?from=${encodeURIComponent(options.from)}&to=${encodeURIComponent(options.to)}`;
  const openedAt = Date.now();
  const listing = listingSchema.parse(await fetchJson(listingUrl, headers, signal));
  markLoad("listed");
  const plan = options.rollupsFor ? planRolledLoad(listing, options, options.rollupsFor) : { rolled: new Set<string>(), files: listing.files, rollups: [] };
  const toFetch = [
    ...plan.files.map((file) => ({ ...file, rollup: false })),
    ...plan.rollups.map((file) => ({ key: file.rollup!.key, url: file.rollup!.url, bytes: file.rollup!.bytes, day: file.day, rows: 0, rollup: true })),
  ];

  Object.assign(progress, { phase: "fetching", files: toFetch.length, bytes: toFetch.reduce((sum, file) => sum + file.bytes, 0) });
  report();
  const loaded: (LoadedLakeFile & { blob: Blob; rollup: boolean })[] = new Array(toFetch.length);
  let next = 0;
  const worker = async () => {
    while (next < toFetch.length) {
      const index = next++;
      const file = toFetch[index]!;
      const { blob, source } = await fetchLakeFileCached(file, signal);
      loaded[index] = { key: file.key, day: file.day, rows: file.rows, bytes: file.bytes, source, blob, rollup: file.rollup };
      progress.filesDone += 1;
      progress.bytesDone += file.bytes;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, toFetch.length) }, worker));
  const tail = listing.tailUrl ? await fetchTail(listing.tailUrl, headers, signal) : null;
  markLoad("fetched");

  progress.phase = "starting";
  report();
  await raceAbort(engine, signal);
  const lake = new BrowserSiteLake(
    {
      siteId: options.siteId,
      from: options.from,
      to: options.to,
      timeZone: listing.timeZone,
      files: loaded.filter((file) => !file.rollup).map(({ blob: _blob, rollup: _rollup, ...file }) => file),
      rollups: loaded.filter((file) => file.rollup).map(({ blob: _blob, rollup: _rollup, ...file }) => file),
      rolledDays: [...plan.rolled].sort(),
      bytesFromNetwork: sum(loaded.filter((file) => file.source === "network")),
      bytesFromCache: sum(loaded.filter((file) => file.source === "cache")),
      tailBytes: tail ? tail.size : null,
      openedAt,
      loadMs: 0,
    },
    loaded.map((file) => ({ name: registeredName(file.key), blob: file.blob, shared: true, rollup: file.rollup })),
    tail,
  );
  try {
    // Attach now, so a file DuckDB cannot read fails the open rather than the first query.
    await lake.query("SELECT 1", { signal });
  } catch (error) {
    await lake.close();
    throw error;
  }
  lake.loaded.loadMs = Math.round(performance.now() - started);
  markLoad("ready");
  signal?.addEventListener("abort", () => void lake.close(), { once: true });
  progress.phase = "ready";
  report();
  return lake;
}

/**
 * A User Timing mark (`lake:listed`, `lake:fetched`, `lake:ready`) at each
 * step of an open, for the devtools' performance panel and the lake bench,
 * which splits the dashboard's time by them.
 */
const markLoad = (step: "listed" | "fetched" | "ready") => performance.mark(`lake:${step}`);

const sum = (files: { bytes: number }[]) => files.reduce((total, file) => total + file.bytes, 0);

/** The name a lake file is registered under: its key, flattened (a path with `=` segments could read as Hive partitions). */
const registeredName = (key: string) => `lake-${key.replace(/[^A-Za-z0-9._-]/g, "_")}`;

async function fetchJson(url: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, cache: "no-store", credentials: "same-origin" });
  } catch (error) {
    throwIfAborted(signal);
    throw new LakeError("listing_failed", "Could not reach the server for the site's history.", { cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    throw new LakeError("listing_failed", message.success ? message.data.error.message : `Listing the site's history failed (HTTP ${response.status}).`, { status: response.status });
  }
  return body;
}

/** The newest events, not yet in the lake: fetched fresh every time, never cached. */
async function fetchTail(url: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Blob | null> {
  try {
    const response = await fetch(url, { headers, signal, cache: "no-store", credentials: "same-origin" });
    if (response.status === 204) return null;
    if (!response.ok) throw new LakeError("file_failed", `Fetching the newest events failed (HTTP ${response.status}).`, { status: response.status });
    const blob = await response.blob();
    return blob.size > 0 ? blob : null;
  } catch (error) {
    throwIfAborted(signal);
    if (error instanceof LakeError) throw error;
    throw new LakeError("file_failed", "Could not fetch the newest events.", { cause: error });
  }
}

/** `promise`, or a cancelled LakeError as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

interface LakeFileSource {
  name: string;
  blob: Blob;
  /** Lake files are shared by every SiteLake of the page (same key, same bytes); a tail is the lake's own. */
  shared: boolean;
  /** A day rollup (the `day_rollups` view), not events. */
  rollup: boolean;
}

interface Attachment {
  runtime: DuckDBRuntime;
  connection: Awaited<ReturnType<DuckDBRuntime["db"]["connect"]>>;
  schema: string;
}

let lakeCount = 0;

class BrowserSiteLake implements SiteLake {
  private readonly id = ++lakeCount;
  private readonly sources: LakeFileSource[];
  private attachment: Attachment | null = null;
  /** Settles when every statement queued so far has finished. */
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<AbortController>();
  private closed = false;
  private exports = 0;

  constructor(
    readonly loaded: LakeLoadReport,
    files: LakeFileSource[],
    tail: Blob | null,
  ) {
    this.sources = tail ? [...files, { name: `tail-${this.id}-${Date.now()}.parquet`, blob: tail, shared: false, rollup: false }] : files;
  }

  query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const maxRows = options.maxRows ?? Infinity;
    return this.exclusive(options.signal, async ({ connection }, signal) => {
      const started = performance.now();
      const { columns, rows, truncated } = await readResult(await connection.send(sql), signal, maxRows);
      return { columns, rows, truncated, elapsedMs: Math.round(performance.now() - started) };
    });
  }

  exportResult(sql: string, format: ExportFormat, options: { signal?: AbortSignal } = {}): Promise<Blob> {
    const name = `export-${this.id}-${++this.exports}.${format}`;
    // A newline before ")": the query may end in a line comment.
    const body = sql.trim().replace(/;+\s*$/, "");
    const copy = `COPY (\n${body}\n) TO ${quoteString(name)} (${format === "csv" ? "FORMAT CSV, HEADER" : "FORMAT PARQUET"})`;
    return this.exclusive(options.signal, async ({ runtime, connection }, signal) => {
      await readResult(await connection.send(copy), signal, 0);
      try {
        const bytes = await runtime.db.copyFileToBuffer(name);
        return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === "csv" ? "text/csv;charset=utf-8" : "application/vnd.apache.parquet" });
      } finally {
        await runtime.db.dropFile(name).catch(() => {});
      }
    });
  }

  async describe(relation: string, options: { signal?: AbortSignal } = {}): Promise<ResultColumn[]> {
    const { rows } = await this.query(`DESCRIBE "${relation.replaceAll('"', '""')}"`, options);
    return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  cancel(): void {
    for (const controller of this.pending) controller.abort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    // After whatever is still stopping; in the queue so nothing runs on a dropped schema.
    const turn = this.queue;
    this.queue = turn.then(() => this.detach());
    await this.queue;
  }

  /**
   * Run `task` when the statements queued before it are done, on this lake's
   * connection to the page's current engine. Cancelling (signal, cancel(),
   * close()) rejects at once; the next statement still waits until the
   * cancelled one has really stopped, by DuckDB's cancel or by the engine's
   * restart after CANCEL_GRACE_MS.
   */
  private exclusive<T>(callerSignal: AbortSignal | undefined, task: (attachment: Attachment, signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(cancelledError());
    const controller = new AbortController();
    const signal = controller.signal;
    const onCallerAbort = () => controller.abort();
    if (callerSignal?.aborted) controller.abort();
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    this.pending.add(controller);

    const turn = this.queue;
    let finish!: () => void;
    const slot = new Promise<void>((resolve) => (finish = resolve));
    this.queue = turn.then(() => slot);
    let handedOver = false;

    const run = async (): Promise<T> => {
      await raceAbort(turn, signal);
      const runtime = await raceAbort(getDuckDB(), signal);
      const attachment = await raceAbort(this.attach(runtime), signal);
      throwIfAborted(signal);
      handedOver = true;
      const work = task(attachment, signal);
      // The slot stays taken until the work has really stopped, or its engine is gone.
      void Promise.race([work.then(noop, noop), runtime.terminated]).then(finish);
      return await new Promise<T>((resolve, reject) => {
        let graceTimer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => {
          reject(cancelledError());
          attachment.connection.cancelSent().catch(noop);
          graceTimer = setTimeout(() => void restartDuckDB(runtime), CANCEL_GRACE_MS);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        void runtime.terminated.then(() => reject(new LakeError("engine_restarted", "The query engine was restarted while this ran (another query was cancelled). Run it again.")));
        work
          .then(resolve, (error: unknown) => reject(signal.aborted ? cancelledError() : asQueryError(error)))
          .finally(() => {
            clearTimeout(graceTimer);
            signal.removeEventListener("abort", onAbort);
          });
      });
    };
    const result = run();
    void result.then(noop, noop).finally(() => {
      this.pending.delete(controller);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      // Stopped before the work started (cancelled while waiting, or the engine or views failed): nothing holds the slot.
      if (!handedOver) finish();
    });
    return result;
  }

  /** This lake's connection to `runtime`, set up on first use (and again after a restart). */
  private async attach(runtime: DuckDBRuntime): Promise<Attachment> {
    if (this.attachment?.runtime === runtime) return this.attachment;
    const { db } = runtime;
    for (const source of this.sources) {
      const users = runtime.fileUsers.get(source.name);
      if (users) {
        users.count += 1;
        await users.ready;
        continue;
      }
      // Copied into the wasm heap. Registered as a Blob handle instead, DuckDB 1.28 reads each
      // column chunk through a synchronous FileReader call in the worker: 0.5-1 s each, 21.7 s
      // to load 20k events from 43 files, against well under a second from buffers. A year of
      // a busy site is ~150 MB at ~14 bytes an event, well inside the heap.
      const ready = source.blob.arrayBuffer().then((bytes) => db.registerFileBuffer(source.name, new Uint8Array(bytes)));
      runtime.fileUsers.set(source.name, { count: 1, ready });
      await ready;
    }
    const connection = await db.connect();
    const schema = `lake_${this.id}`;
    try {
      await connection.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      // The search path is the connection's own: the views, and tables a caller creates, land in this lake's schema.
      await connection.query(`SET search_path = '${schema}'`);
      const parquetFiles = this.sources.filter((source) => !source.rollup).map((source) => source.name);
      const views = analyticsViewsSql({ parquetFiles, timeZone: this.loaded.timeZone, offsetSpan: offsetSpanOf(this.loaded) });
      const rollups = this.sources.filter((source) => source.rollup).map((source) => source.name);
      for (const statement of [...views, dayRollupsViewSql(rollups)]) await connection.query(statement);
    } catch (error) {
      await connection.close().catch(noop);
      throw new LakeError("query_failed", `The site's history could not be opened: ${messageOf(error)}`, { cause: error });
    }
    this.attachment = { runtime, connection, schema };
    return this.attachment;
  }

  private async detach(): Promise<void> {
    const attachment = this.attachment;
    this.attachment = null;
    if (!attachment) return;
    const { runtime, connection, schema } = attachment;
    if (runtime.isTerminated()) return;
    await connection.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(noop);
    await connection.close().catch(noop);
    for (const source of this.sources) {
      const users = runtime.fileUsers.get(source.name);
      if (!users || --users.count > 0) continue;
      runtime.fileUsers.delete(source.name);
      await runtime.db.dropFile(source.name).catch(noop);
    }
  }
}

function noop() {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asQueryError(error: unknown): LakeError {
  return error instanceof LakeError ? error : new LakeError("query_failed", messageOf(error), { cause: error });
}

/** Read a result stream: its columns and up to `maxRows` rows. */
async function readResult(reader: AsyncIterable<ArrowBatchLike> & Pick<ArrowBatchLike, "schema">, signal: AbortSignal, maxRows: number) {
  const rows: Record<string, unknown>[] = [];
  let columns: ResultColumn[] | null = null;
  let truncated = false;
  for await (const batch of reader) {
    throwIfAborted(signal);
    columns ??= resultColumns(batch);
    const room = maxRows - rows.length;
    for (const row of batchRows(batch, columns, room)) rows.push(row);
    if (batch.numRows > room) {
      truncated = true;
      break;
    }
  }
  return { columns: columns ?? resultColumns(reader), rows, truncated };
}

const DAY_MS = 86_400_000;

/**
 * The instants whose zone offsets `local_ts` needs: the loaded files' days
 * (a monthly file's day is its 1st) up to now, a margin each side. Every
 * offset change in the span is a branch evaluated per row, so the views'
 * default of 70 years made each query over a year of events ~5x slower
 * (measured with DuckDB-WASM on 200k events).
 */
function offsetSpanOf(loaded: LakeLoadReport): { from: number; to: number } {
  const days = loaded.files.map((file) => Date.parse(`${file.day}T00:00:00Z`));
  const from = Math.min(loaded.openedAt, ...days) - 2 * DAY_MS;
  const to = Math.max(loaded.openedAt, ...days.map((day) => day + 32 * DAY_MS)) + 2 * DAY_MS;
  return { from, to };
}
