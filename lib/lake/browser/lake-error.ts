/** What went wrong in the browser's lake runtime. */
export type LakeErrorCode =
  /** The listing of the site's files was refused or failed (`status` says how). */
  | "listing_failed"
  /** A lake file or the tail could not be fetched, or its bytes were not the ones listed. */
  | "file_failed"
  /** DuckDB-WASM could not be started. */
  | "engine_failed"
  /** DuckDB refused or failed the SQL; the message is DuckDB's own, meant for the person who wrote it. */
  | "query_failed"
  /** Cancelled by the caller (cancel(), an aborted signal, or close()). */
  | "cancelled"
  /** The engine was restarted under a running query (another query's cancel needed it); running it again works. */
  | "engine_restarted";

/** The one error type of lib/lake/browser: every rejection of its API is one of these. */
export class LakeError extends Error {
  readonly code: LakeErrorCode;
  /** The HTTP status, for listing_failed and file_failed. */
  readonly status?: number;

  constructor(code: LakeErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "LakeError";
    this.code = code;
    this.status = options.status;
  }
}

export function cancelledError(): LakeError {
  return new LakeError("cancelled", "Cancelled");
}

/** Rejects with a cancelled LakeError if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
