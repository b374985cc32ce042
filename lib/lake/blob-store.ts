/**
 * Where the lake's files live: a local folder in the embedded default, an
 * S3-compatible bucket in production. Keys are paths like
 * `site=<id>/date=<YYYY-MM-DD>/<file>.parquet`; a store never interprets them.
 */
export interface BlobStore {
  /** Which implementation this is (for logs and the README's figures). */
  readonly kind: "local" | "s3";
  /** Write the whole object; resolves once it is durable. Overwrites an object with the same key. */
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  /** The whole object, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Size in bytes, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Remove it; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  /**
   * A URL a browser can GET (with HTTP Range) for the next `ttlSeconds`, and
   * no longer; only for this key. Local: an app route checking an HMAC;
   * S3: a presigned URL.
   */
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}
