/**
 * One contract, two stores: the local folder and an S3-compatible bucket
 * (s3rver, a real S3 API server started here on loopback). Each store is
 * built the way the app builds it, from environment variables.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { InvalidBlobArgument, MAX_SIGNED_URL_TTL_SECONDS } from "./blob-key";
import type { BlobStore } from "./blob-store";
import { createBlobStore } from "./blob-stores";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-blob-stores-"));
const dataDir = path.join(tmp, "data");
const AUTH_SECRET = "a-secret-for-the-blob-store-tests-0123456789";
let s3rver: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(tmp, "s3rver"), configureBuckets: [{ name: "inlet-lake" }] });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3rver?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ["local", () => createBlobStore(parseEnv({ DATA_DIR: dataDir, AUTH_SECRET }))],
  [
    "s3",
    () =>
      createBlobStore(
        parseEnv({
          LAKE_S3_BUCKET: "inlet-lake",
          LAKE_S3_REGION: "us-east-1",
          LAKE_S3_ENDPOINT: s3Endpoint,
          LAKE_S3_FORCE_PATH_STYLE: "true",
          // s3rver's fixed credentials; it checks request signatures against them.
          LAKE_S3_ACCESS_KEY_ID: "S3RVER",
          LAKE_S3_SECRET_ACCESS_KEY: "S3RVER",
        }),
      ),
  ],
];

const INVALID_KEYS = ["", "/etc/passwd", "../outside", "site=a/../../outside", "site=a/./x", "a//b", "a/", ".hidden", "a/.x", "a\\..\\b", "a b", "a\nb", "a%2F..", "é.parquet", "C:/x", "x".repeat(1025)];

describe.each(stores)("the %s blob store", (kind, makeStore) => {
  let store: BlobStore;
  // A fresh namespace per store: both share nothing, but runs could.
  const ns = `site=${kind}-${Date.now()}`;
  beforeAll(() => {
    store = makeStore();
    expect(store.kind).toBe(kind);
  });

  it("gives back what was put, with its size", async () => {
    const body = new Uint8Array(randomBytes(300_000));
    await store.put(`${ns}/date=2026-03-01/events-0.parquet`, body, "application/vnd.apache.parquet");
    expect(await store.get(`${ns}/date=2026-03-01/events-0.parquet`)).toEqual(body);
    expect(await store.size(`${ns}/date=2026-03-01/events-0.parquet`)).toBe(300_000);
  });

  it("keeps an empty object", async () => {
    await store.put(`${ns}/empty.bin`, new Uint8Array());
    expect(await store.get(`${ns}/empty.bin`)).toEqual(new Uint8Array());
    expect(await store.size(`${ns}/empty.bin`)).toBe(0);
  });

  it("overwrites an object under the same key", async () => {
    await store.put(`${ns}/date=2026-03-02/events-0.parquet`, new Uint8Array([1, 2, 3, 4, 5]));
    await store.put(`${ns}/date=2026-03-02/events-0.parquet`, new Uint8Array([9, 8]));
    expect(await store.get(`${ns}/date=2026-03-02/events-0.parquet`)).toEqual(new Uint8Array([9, 8]));
    expect(await store.size(`${ns}/date=2026-03-02/events-0.parquet`)).toBe(2);
    expect(await store.list(`${ns}/date=2026-03-02/`)).toEqual([`${ns}/date=2026-03-02/events-0.parquet`]);
  });

  it("answers null for a missing key and deletes without complaint", async () => {
    expect(await store.get(`${ns}/nothing.parquet`)).toBeNull();
    expect(await store.size(`${ns}/nothing.parquet`)).toBeNull();
    await store.delete(`${ns}/nothing.parquet`);
    await store.put(`${ns}/doomed.parquet`, new Uint8Array([1]));
    await store.delete(`${ns}/doomed.parquet`);
    await store.delete(`${ns}/doomed.parquet`);
    expect(await store.get(`${ns}/doomed.parquet`)).toBeNull();
    expect(await store.size(`${ns}/doomed.parquet`)).toBeNull();
    expect(await store.list(`${ns}/doomed`)).toEqual([]);
  });

  it("lists the keys under a prefix in lexicographic order, and only those", async () => {
    const keys = [`${ns}x/date=2026-01-01/a.parquet`, `${ns}/list/date=2026-01-10/b.parquet`, `${ns}/list/date=2026-01-02/z.parquet`, `${ns}/list/date=2026-01-02/a.parquet`, `${ns}/list/date=2026-01-01/events-1.parquet`, `${ns}/list/date=2026-01-01/events-0.parquet`, `${ns}/list/top.json`];
    for (const key of keys) await store.put(key, new Uint8Array([7]));
    const inList = keys.filter((key) => key.startsWith(`${ns}/list/`)).sort();
    expect(await store.list(`${ns}/list/`)).toEqual(inList);
    expect(await store.list(`${ns}/list`)).toEqual(inList);
    expect(await store.list(`${ns}/list/date=2026-01-0`)).toEqual([
      `${ns}/list/date=2026-01-01/events-0.parquet`,
      `${ns}/list/date=2026-01-01/events-1.parquet`,
      `${ns}/list/date=2026-01-02/a.parquet`,
      `${ns}/list/date=2026-01-02/z.parquet`,
    ]);
    expect(await store.list(`${ns}/list/date=2026-01-01/events-1`)).toEqual([`${ns}/list/date=2026-01-01/events-1.parquet`]);
    expect(await store.list(`${ns}/list/date=2027`)).toEqual([]);
    expect(await store.list(`${ns}-none/`)).toEqual([]);
    const everything = await store.list("");
    expect(everything).toEqual([...everything].sort());
    expect(everything).toEqual(expect.arrayContaining(keys));
  });

  it("refuses keys and prefixes outside the rules before touching storage", async () => {
    for (const key of INVALID_KEYS) {
      await expect(store.put(key, new Uint8Array([1])), JSON.stringify(key)).rejects.toThrow(InvalidBlobArgument);
      await expect(store.get(key), JSON.stringify(key)).rejects.toThrow(InvalidBlobArgument);
      await expect(store.size(key), JSON.stringify(key)).rejects.toThrow(InvalidBlobArgument);
      await expect(store.delete(key), JSON.stringify(key)).rejects.toThrow(InvalidBlobArgument);
      await expect(store.signedUrl(key, 60), JSON.stringify(key)).rejects.toThrow(InvalidBlobArgument);
    }
    for (const prefix of ["/", "../", "/etc", "a//", "site=a/../", ".x"]) {
      await expect(store.list(prefix), prefix).rejects.toThrow(InvalidBlobArgument);
    }
    expect(fs.existsSync(path.join(tmp, "outside"))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "outside"))).toBe(false);
  });

  it("signs URLs only for a lifetime from 1 s to 7 days", async () => {
    for (const ttl of [0, -1, 1.5, MAX_SIGNED_URL_TTL_SECONDS + 1, Number.NaN]) {
      await expect(store.signedUrl(`${ns}/a.parquet`, ttl), String(ttl)).rejects.toThrow(InvalidBlobArgument);
    }
    expect(await store.signedUrl(`${ns}/a.parquet`, MAX_SIGNED_URL_TTL_SECONDS)).toEqual(expect.any(String));
  });
});

describe("the local store's folder", () => {
  const store = () => createBlobStore(parseEnv({ DATA_DIR: dataDir, AUTH_SECRET }));

  it("is DATA_DIR/lake, one file per key, with no temp file left after a write", async () => {
    await store().put("site=folder/date=2026-03-01/events-0.parquet", new Uint8Array([1, 2, 3]));
    const folder = path.join(dataDir, "lake", "site=folder", "date=2026-03-01");
    expect(fs.readdirSync(folder)).toEqual(["events-0.parquet"]);
    expect(fs.readFileSync(path.join(folder, "events-0.parquet"))).toEqual(Buffer.from([1, 2, 3]));
  });

  it("never shows what a crashed write left behind", async () => {
    const folder = path.join(dataDir, "lake", "site=crash", "date=2026-03-01");
    fs.mkdirSync(folder, { recursive: true });
    // What a crash between write and rename leaves: a temp file, never the key.
    fs.writeFileSync(path.join(folder, ".events-0.parquet.0b5f5e1e-tmp.tmp"), "half a fi");
    expect(await store().list("site=crash/")).toEqual([]);
    expect(await store().get("site=crash/date=2026-03-01/events-0.parquet")).toBeNull();
  });

  it("signs relative URLs to the serving route; AUTH_SECRET is needed only for that", async () => {
    const url = await store().signedUrl("site=folder/date=2026-03-01/events-0.parquet", 300);
    const parsed = new URL(url, "http://localhost");
    expect(parsed.pathname).toBe("/api/lake/site=folder/date=2026-03-01/events-0.parquet");
    expect(Number(parsed.searchParams.get("expires")) - Date.now() / 1000).toBeGreaterThan(298);
    const withoutSecret = createBlobStore(parseEnv({ DATA_DIR: dataDir }));
    expect(await withoutSecret.get("site=folder/date=2026-03-01/events-0.parquet")).toEqual(new Uint8Array([1, 2, 3]));
    await expect(withoutSecret.signedUrl("site=folder/date=2026-03-01/events-0.parquet", 60)).rejects.toThrow(/AUTH_SECRET/);
  });
});

describe("the S3 store's presigned URLs", () => {
  const s3 = () => stores[1]![1]();
  const KEY = "site=presigned/date=2026-03-01/events-0.parquet";
  const body = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 251));
  beforeAll(async () => {
    await s3().put(KEY, body);
  });

  it("serve byte ranges with 206, and the Parquet content type", async () => {
    const url = await s3().signedUrl(KEY, 60);
    const response = await fetch(url, { headers: { range: "bytes=100-199" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 100-199/1000");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body.subarray(100, 200));
    // (s3rver answers suffix ranges, bytes=-n, wrongly; real S3, R2 and MinIO do not.)
    const open = await fetch(url, { headers: { range: "bytes=990-" } });
    expect(open.status).toBe(206);
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(body.subarray(990));
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(body);
  });

  it("are presigned GETs of this bucket and key for the lifetime asked", async () => {
    // s3rver does not check SigV4 signatures (only their expiry), so what a
    // changed signature or key gets is S3's business, not testable here.
    const url = new URL(await s3().signedUrl(KEY, 900));
    expect(`${url.origin}${decodeURIComponent(url.pathname)}`).toBe(`${s3Endpoint}/inlet-lake/${KEY}`);
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/^S3RVER\//);
  });

  it("stop working when they expire", async () => {
    const url = await s3().signedUrl(KEY, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await fetch(url)).status).toBe(403);
  });
});
