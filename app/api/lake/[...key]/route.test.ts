import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const AUTH_SECRET = "a-secret-for-the-lake-route-tests-0123456789";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-lake-route-"));
const KEY = "site=11111111-1111-1111-1111-111111111111/date=2026-03-01/events-0.parquet";
const OTHER_KEY = "site=22222222-2222-2222-2222-222222222222/date=2026-03-01/events-0.parquet";
const SIZE = 1_000_000;
const body = new Uint8Array(Array.from({ length: SIZE }, (_, i) => (i * 7) % 256));

type Handler = (request: Request, context: { params: Promise<{ key: string[] }> }) => Promise<Response>;

/** The route with a fresh env(): the environment is read once per module load. */
async function loadRoute(vars: Record<string, string> = {}) {
  vi.resetModules();
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("AUTH_SECRET", AUTH_SECRET);
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return (await import("./route")) as { GET: Handler; HEAD: Handler };
}

/** Calls the handler as Next would for `url`: the catch-all segments decoded from the path. */
function call(handler: Handler, url: string, init: RequestInit = {}) {
  const full = new URL(url, "http://localhost");
  const segments = full.pathname.slice("/api/lake/".length).split("/").map(decodeURIComponent);
  return handler(new Request(full, init), { params: Promise.resolve({ key: segments }) });
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

let GET: Handler;
let HEAD: Handler;
let signedUrl: (key: string, ttl: number) => Promise<string>;

beforeAll(async () => {
  ({ GET, HEAD } = await loadRoute());
  const { lakeStore } = await import("@/lib/lake/blob-stores");
  const store = lakeStore();
  expect(store.kind).toBe("local");
  await store.put(KEY, body);
  await store.put(OTHER_KEY, new Uint8Array([6, 6, 6]));
  signedUrl = (key, ttl) => store.signedUrl(key, ttl);
  // Something outside the lake folder that traversal would reach.
  fs.writeFileSync(path.join(dataDir, "auth-secret"), "not for you");
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/lake/<key> with a valid signed URL", () => {
  it("streams the whole file with its type, length and a cache lifetime up to the expiry", async () => {
    const response = await call(GET, await signedUrl(KEY, 600));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    expect(response.headers.get("content-length")).toBe(String(SIZE));
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    const maxAge = Number(/^private, max-age=(\d+), immutable$/.exec(response.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(599);
    expect(maxAge).toBeLessThanOrEqual(600);
    // Streamed in chunks, not read whole into memory first.
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(SIZE);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(body));
  });

  it("answers byte ranges with 206 and Content-Range", async () => {
    const url = await signedUrl(KEY, 600);
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=999000-", 999_000, SIZE - 1],
      ["bytes=-8", SIZE - 8, SIZE - 1],
      ["bytes=999990-2000000", 999_990, SIZE - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await call(GET, url, { headers: { range } });
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-range"), range).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(response.headers.get("content-length"), range).toBe(String(end - start + 1));
      expect(new Uint8Array(await response.arrayBuffer()), range).toEqual(body.subarray(start, end + 1));
    }
  });

  it("answers 416 for a range past the end, and the whole file for several ranges", async () => {
    const url = await signedUrl(KEY, 600);
    for (const range of [`bytes=${SIZE}-`, "bytes=-0"]) {
      const response = await call(GET, url, { headers: { range } });
      expect(response.status, range).toBe(416);
      expect(response.headers.get("content-range")).toBe(`bytes */${SIZE}`);
      expect((await errorOf(response)).code).toBe("range_not_satisfiable");
    }
    const several = await call(GET, url, { headers: { range: "bytes=0-1,5-6" } });
    expect(several.status).toBe(200);
    expect((await several.arrayBuffer()).byteLength).toBe(SIZE);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await call(HEAD, await signedUrl(KEY, 600), { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(SIZE));
    expect(response.body).toBeNull();
  });

  it("answers 404 for a file that is not there", async () => {
    const response = await call(GET, await signedUrl("site=11111111-1111-1111-1111-111111111111/date=2026-03-09/none.parquet", 600));
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });
});

describe("GET /api/lake/<key> refuses", () => {
  const withParam = (url: string, name: string, value: string | null) => {
    const parsed = new URL(url, "http://localhost");
    if (value === null) parsed.searchParams.delete(name);
    else parsed.searchParams.set(name, value);
    return `${parsed.pathname}${parsed.search}`;
  };

  it("a missing signature, naming it", async () => {
    const url = await signedUrl(KEY, 600);
    for (const bare of [`/api/lake/${KEY}`, withParam(url, "sig", null), withParam(url, "expires", null)]) {
      const response = await call(GET, bare);
      expect(response.status, bare).toBe(403);
      expect(await errorOf(response)).toEqual({ code: "signature_missing", message: expect.any(String) });
    }
  });

  it("a tampered signature or expiry", async () => {
    const url = await signedUrl(KEY, 600);
    const sig = new URL(url, "http://localhost").searchParams.get("sig")!;
    const expires = Number(new URL(url, "http://localhost").searchParams.get("expires"));
    const tampered = [
      withParam(url, "sig", sig.replace(/^./, (c) => (c === "A" ? "B" : "A"))),
      withParam(url, "sig", sig.slice(0, -1)),
      withParam(url, "sig", "x"),
      withParam(url, "expires", String(expires + 86_400)),
      withParam(url, "expires", "never"),
    ];
    for (const bad of tampered) {
      const response = await call(GET, bad);
      expect(response.status, bad).toBe(403);
      expect((await errorOf(response)).code, bad).toBe("signature_invalid");
    }
  });

  it("another file's signature used on this file", async () => {
    const theirs = new URL(await signedUrl(OTHER_KEY, 600), "http://localhost");
    const response = await call(GET, `/api/lake/${KEY}${theirs.search}`);
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("signature_invalid");
  });

  it("an expired URL, naming it", async () => {
    const url = await signedUrl(KEY, 60);
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ["Date"] });
    const response = await call(GET, url);
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("signature_expired");
  });

  it("a URL signed under another AUTH_SECRET", async () => {
    const url = await signedUrl(KEY, 600);
    const { GET: otherGET } = await loadRoute({ AUTH_SECRET: `${AUTH_SECRET}-rotated` });
    const response = await call(otherGET, url);
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("signature_invalid");
    ({ GET, HEAD } = await loadRoute());
  });

  it("paths that would leave the lake folder, even with a MAC made for them", async () => {
    const expires = Math.floor(Date.now() / 1000) + 600;
    // A forger who had the lake key could still not reach outside: the key rules come first.
    const lakeKey = createHmac("sha256", AUTH_SECRET).update("inlet:lake-url").digest();
    const forged = (key: string) => `expires=${expires}&sig=${createHmac("sha256", lakeKey).update(`${expires}\n${key}`).digest("base64url")}`;
    const attempts: string[][] = [["..", "auth-secret"], ["site=a", "..", "..", "auth-secret"], ["..%2Fauth-secret"], ["", "etc", "passwd"], ["site=a", ".", "x.parquet"], [".hidden"], ["a\\..\\..\\auth-secret"], ["a\u0000b"]];
    const genuine = await GET(new Request(`http://localhost/api/lake/${KEY}?${forged(KEY)}`), { params: Promise.resolve({ key: KEY.split("/") }) });
    expect(genuine.status, "the forger's MAC is the real one").toBe(200);
    await genuine.body?.cancel();
    for (const segments of attempts) {
      const key = segments.join("/");
      const request = new Request(`http://localhost/api/lake/x?${forged(key)}`);
      const response = await GET(request, { params: Promise.resolve({ key: segments }) });
      const text = await response.text();
      expect(response.status, key).toBe(400);
      expect(JSON.parse(text).error.code, key).toBe("invalid_key");
      expect(text).not.toContain("not for you");
    }
  });

  it("everything once the lake lives in S3", async () => {
    const url = await signedUrl(KEY, 600);
    const { GET: s3GET } = await loadRoute({ LAKE_S3_BUCKET: "inlet-lake", LAKE_S3_REGION: "auto", LAKE_S3_ACCESS_KEY_ID: "a", LAKE_S3_SECRET_ACCESS_KEY: "b" });
    expect((await call(s3GET, url)).status).toBe(404);
    ({ GET, HEAD } = await loadRoute());
  });
});
