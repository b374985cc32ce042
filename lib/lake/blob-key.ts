/**
 * What a lake key may look like. Keys become file paths under the local
 * folder and URL paths of the serving route, so the rules are strict enough
 * that no key can leave the folder or need escaping: `/`-separated segments
 * of letters, digits, `_`, `=`, `-` and `.`, none empty and none starting with
 * `.` (which rules out `.` and `..` and leaves dot names free for temp files).
 */
const SEGMENT = /^[A-Za-z0-9_=-][A-Za-z0-9._=-]*$/;
const MAX_KEY_LENGTH = 1024;

/** SigV4 presigned URLs live at most 7 days; the local store follows the same bound. */
export const MAX_SIGNED_URL_TTL_SECONDS = 7 * 24 * 3600;

/** A key, prefix or TTL a blob store refuses. */
export class InvalidBlobArgument extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidBlobArgument";
  }
}

export function isValidBlobKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split("/").every((segment) => SEGMENT.test(segment));
}

/** The key itself; throws InvalidBlobArgument for anything outside the rules above. */
export function assertBlobKey(key: string): string {
  if (!isValidBlobKey(key)) throw new InvalidBlobArgument(`Not a lake key: ${JSON.stringify(key.slice(0, 200))}`);
  return key;
}

/** A list prefix: empty, or a key's beginning (whole segments, then possibly part of one). */
export function assertBlobPrefix(prefix: string): string {
  if (prefix === "" || isValidBlobKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix)) return prefix;
  throw new InvalidBlobArgument(`Not a lake key prefix: ${JSON.stringify(prefix.slice(0, 200))}`);
}

/** Whole seconds, at least 1, at most MAX_SIGNED_URL_TTL_SECONDS. */
export function assertSignedUrlTtl(ttlSeconds: number): number {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_SIGNED_URL_TTL_SECONDS) {
    throw new InvalidBlobArgument(`A signed URL's lifetime must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_TTL_SECONDS}, not ${ttlSeconds}`);
  }
  return ttlSeconds;
}

/** The Content-Type a lake file is served and stored with. */
export function contentTypeOfKey(key: string): string {
  if (key.endsWith(".parquet")) return "application/vnd.apache.parquet";
  if (key.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}
