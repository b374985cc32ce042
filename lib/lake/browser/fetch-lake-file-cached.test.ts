import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LakeError } from "./lake-error";
import { fetchLakeFileCached, LAKE_CACHE_NAME, type LakeFileCacheDeps } from "./fetch-lake-file-cached";

/** The Cache API's part used here, in memory. */
class MemoryCacheStorage {
  readonly stores = new Map<string, Map<string, Response>>();
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    return {
      match: async (url: string) => store.get(url)?.clone(),
      put: async (url: string, response: Response) => void store.set(url, response),
      delete: async (url: string) => store.delete(url),
    };
  }
}

function lakeFile(content: string, hash = createHash("sha256").update(content).digest("hex").slice(0, 16)) {
  const bytes = new TextEncoder().encode(content);
  return { key: `site=s1/date=2026-01-01/events-${hash}.parquet`, url: `/api/lake/x?expires=1&sig=${Math.random()}`, bytes: bytes.length, content: bytes };
}

function setup(serve: (url: string) => Uint8Array | null) {
  const caches = new MemoryCacheStorage();
  const requests: string[] = [];
  const deps: LakeFileCacheDeps = {
    caches: caches as unknown as CacheStorage,
    origin: "https://app.test",
    fetch: (async (input: RequestInfo | URL) => {
      requests.push(String(input));
      const body = serve(String(input));
      return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response("gone", { status: 403 });
    }) as typeof fetch,
  };
  return { caches, requests, deps };
}

describe("fetchLakeFileCached", () => {
  it("downloads a file once and serves it from the cache by key afterwards, whatever its URL", async () => {
    const file = lakeFile("PAR1 some parquet bytes PAR1");
    const { requests, deps, caches } = setup(() => file.content);
    const first = await fetchLakeFileCached(file, undefined, deps);
    expect(first.source).toBe("network");
    // The next listing signs a new URL: still the same file.
    const second = await fetchLakeFileCached({ ...file, url: "/api/lake/other-signature" }, undefined, deps);
    expect(second.source).toBe("cache");
    expect(new Uint8Array(await second.blob.arrayBuffer())).toEqual(file.content);
    expect(requests).toHaveLength(1);
    expect([...caches.stores.keys()]).toEqual([LAKE_CACHE_NAME]);
  });

  it("refuses and does not cache bytes that are not the key's", async () => {
    const file = lakeFile("the real bytes", "0123456789abcdef");
    const { requests, deps } = setup(() => file.content);
    await expect(fetchLakeFileCached(file, undefined, deps)).rejects.toMatchObject({ code: "file_failed" });
    await expect(fetchLakeFileCached(file, undefined, deps)).rejects.toBeInstanceOf(LakeError);
    expect(requests).toHaveLength(2);
  });

  it("refuses a short file and a refused URL", async () => {
    const file = lakeFile("complete file");
    const short = setup(() => file.content.subarray(0, 4));
    await expect(fetchLakeFileCached(file, undefined, short.deps)).rejects.toMatchObject({ code: "file_failed" });
    const refused = setup(() => null);
    await expect(fetchLakeFileCached(file, undefined, refused.deps)).rejects.toMatchObject({ code: "file_failed", status: 403 });
  });

  it("stops before fetching when cancelled", async () => {
    const file = lakeFile("bytes");
    const { requests, deps } = setup(() => file.content);
    const controller = new AbortController();
    controller.abort();
    await expect(fetchLakeFileCached(file, controller.signal, deps)).rejects.toMatchObject({ code: "cancelled" });
    expect(requests).toHaveLength(0);
  });
});
