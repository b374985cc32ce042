import { LakeError, throwIfAborted } from "./lake-error";

/**
 * Lake files kept by the browser between queries and visits, in the Cache
 * API. A key is content-addressed (it ends in the file's SHA-256 prefix), so
 * the bytes under it never change: entries are stored by key, never by the
 * signed URL (which changes on every listing), and never revalidated. The
 * name carries a version to drop every entry if the layout here changes.
 */
export const LAKE_CACHE_NAME = "inlet-lake-v1";

/** The cache's request URL for a key: a path no route answers, only a name in the cache. */
const cacheUrl = (origin: string, key: string) => `${origin}/_inlet-lake-cache/${key.split("/").map(encodeURIComponent).join("/")}`;

export interface LakeFileToFetch {
  key: string;
  /** The signed URL it is fetched from when not cached. */
  url: string;
  /** Its size as listed: bytes of another size are refused. */
  bytes: number;
}

export interface FetchedLakeFile {
  /** The file's bytes; from the cache, a Blob backed by the browser's disk cache rather than memory. */
  blob: Blob;
  source: "cache" | "network";
}

export interface LakeFileCacheDeps {
  /** The Cache API; undefined where the page has none (an insecure origin): a per-page memory map stands in. */
  caches?: CacheStorage;
  fetch: typeof fetch;
  origin: string;
}

const pageMemory = new Map<string, Blob>();

function browserDeps(): LakeFileCacheDeps {
  return { caches: typeof caches === "undefined" ? undefined : caches, fetch: globalThis.fetch.bind(globalThis), origin: window.location.origin };
}

/**
 * The bytes of one lake file: from the cache when a previous page fetched
 * them, else fetched once from its signed URL, checked (size and, for
 * content-addressed keys, the SHA-256 prefix) and stored. A file that fails
 * the check is neither stored nor used.
 */
export async function fetchLakeFileCached(file: LakeFileToFetch, signal?: AbortSignal, deps: LakeFileCacheDeps = browserDeps()): Promise<FetchedLakeFile> {
  throwIfAborted(signal);
  const request = cacheUrl(deps.origin, file.key);
  const cache = deps.caches ? await deps.caches.open(LAKE_CACHE_NAME).catch(() => undefined) : undefined;
  const hit = cache ? await cache.match(request) : undefined;
  if (hit) {
    const blob = await hit.blob();
    if (blob.size === file.bytes) return { blob, source: "cache" };
    await cache?.delete(request);
  }
  const remembered = cache ? undefined : pageMemory.get(file.key);
  if (remembered) return { blob: remembered, source: "cache" };

  let response: Response;
  try {
    response = await deps.fetch(file.url, { signal, cache: "no-store", credentials: "same-origin" });
  } catch (error) {
    throwIfAborted(signal);
    throw new LakeError("file_failed", `Could not download ${file.key}.`, { cause: error });
  }
  if (!response.ok) throw new LakeError("file_failed", `Downloading ${file.key} failed (HTTP ${response.status}).`, { status: response.status });
  const blob = await response.blob().catch((error: unknown) => {
    throwIfAborted(signal);
    throw new LakeError("file_failed", `Could not download ${file.key}.`, { cause: error });
  });
  await assertContent(file, blob);

  if (cache) {
    // A full disk (QuotaExceededError) only costs the next visit a download.
    await cache.put(request, new Response(blob, { headers: { "content-type": "application/vnd.apache.parquet", "content-length": String(blob.size) } })).catch((error: unknown) => {
      console.warn(`[lake] could not cache ${file.key}`, error);
    });
  } else {
    pageMemory.set(file.key, blob);
  }
  return { blob, source: "network" };
}

const CONTENT_HASH = /-([0-9a-f]{16,64})\.parquet$/;

async function assertContent(file: LakeFileToFetch, blob: Blob): Promise<void> {
  if (blob.size !== file.bytes) throw new LakeError("file_failed", `${file.key} arrived with ${blob.size} bytes instead of ${file.bytes}.`);
  const expected = CONTENT_HASH.exec(file.key)?.[1];
  if (!expected) return;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  const actual = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (!actual.startsWith(expected)) throw new LakeError("file_failed", `${file.key} arrived with other bytes than its key names.`);
}
