import "server-only";
import { authSecretOrThrow, env, lakeS3Config } from "@/lib/env";
import { contentTypeOfKey, isValidBlobKey } from "./blob-key";
import { localLakeStore } from "./local-blob-store";
import { parseByteRange } from "./parse-byte-range";
import { verifyLakeUrl } from "./signed-url";

const NO_STORE = { "cache-control": "private, no-store" };

function refusal(status: 400 | 403 | 404 | 416, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });
}

const SIGNATURE_REFUSALS = {
  missing: ["signature_missing", "This URL needs its 'expires' and 'sig' parameters; ask the app for a signed URL."],
  invalid: ["signature_invalid", "The signature does not match this file and expiry."],
  expired: ["signature_expired", "This signed URL has expired; ask the app for a new one."],
} as const;

/**
 * GET or HEAD of a local lake file by signed URL (lib/lake/signed-url.ts).
 * The signature is the whole authorization. Answers single byte ranges with
 * 206 and streams the file, so a large Parquet file never sits in memory.
 */
export async function serveLakeFile(request: Request, segments: string[]): Promise<Response> {
  const key = segments.join("/");
  // Before any signature check or file system access: a key outside the
  // rules (`..`, absolute, odd characters) is refused whoever signed it.
  if (!isValidBlobKey(key)) return refusal(400, "invalid_key", "This is not a lake file's path.");

  const config = env();
  const url = new URL(request.url);
  const check = verifyLakeUrl(authSecretOrThrow(config), key, url.searchParams.get("expires"), url.searchParams.get("sig"));
  if (!check.ok) {
    const [code, message] = SIGNATURE_REFUSALS[check.reason];
    return refusal(403, code, message);
  }
  // With S3 configured, signed URLs point at the bucket; this folder is not the lake.
  if (lakeS3Config(config)) return refusal(404, "not_found", "There is no such lake file.");

  const file = await localLakeStore(config).open(key);
  if (!file) return refusal(404, "not_found", "There is no such lake file.");

  const range = parseByteRange(request.headers.get("range"), file.size);
  if (range.kind === "unsatisfiable") {
    await file.close();
    return refusal(416, "range_not_satisfiable", `The file has ${file.size} bytes.`, { "content-range": `bytes */${file.size}`, "accept-ranges": "bytes" });
  }
  const [start, end] = range.kind === "part" ? [range.start, range.end] : [0, file.size - 1];
  const headers: Record<string, string> = {
    "content-type": contentTypeOfKey(key),
    "content-length": String(end - start + 1),
    "accept-ranges": "bytes",
    // Files are immutable by key; the URL itself stops working at its expiry.
    "cache-control": `private, max-age=${Math.max(0, check.expires - Math.floor(Date.now() / 1000))}, immutable`,
    "x-content-type-options": "nosniff",
  };
  if (range.kind === "part") headers["content-range"] = `bytes ${start}-${end}/${file.size}`;
  const status = range.kind === "part" ? 206 : 200;
  if (request.method === "HEAD" || end < start) {
    await file.close();
    return new Response(null, { status, headers });
  }
  return new Response(file.stream(start, end), { status, headers });
}
