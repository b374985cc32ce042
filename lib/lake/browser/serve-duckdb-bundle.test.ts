import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DUCKDB_BUNDLE_FILES, DUCKDB_WASM_VERSION, DUCKDB_WORKER_ENTRIES, duckdbBundleUrls } from "./duckdb-bundles";
import { serveDuckDBBundle } from "./serve-duckdb-bundle";

const packageDir = path.resolve("node_modules/@duckdb/duckdb-wasm");

describe("serveDuckDBBundle", () => {
  it("pins the version that is installed", () => {
    const installed = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(DUCKDB_WASM_VERSION);
  });

  it("serves every bundle file with its type, its size and for good", async () => {
    for (const [file, type] of Object.entries(DUCKDB_BUNDLE_FILES)) {
      const response = await serveDuckDBBundle(DUCKDB_WASM_VERSION, file);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(response.headers.get("cache-control")).toContain("immutable");
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(bytes.length).toBe(fs.statSync(path.join(packageDir, "dist", file)).size);
      expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    }
    const wasm = new Uint8Array(await (await serveDuckDBBundle(DUCKDB_WASM_VERSION, "duckdb-eh.wasm")).arrayBuffer());
    expect([...wasm.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it("serves the worker entries: each hides TransformStream, then loads a served worker script from beside itself", async () => {
    for (const [entry, worker] of Object.entries(DUCKDB_WORKER_ENTRIES)) {
      const response = await serveDuckDBBundle(DUCKDB_WASM_VERSION, entry);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(response.headers.get("cache-control")).toContain("immutable");
      const script = await response.text();
      expect(script.indexOf("self.TransformStream = undefined;")).toBe(0);
      expect(script).toContain(`importScripts("./${worker}")`);
      expect((await serveDuckDBBundle(DUCKDB_WASM_VERSION, worker)).status).toBe(200);
    }
    expect((await serveDuckDBBundle("1.29.0", "inlet-eh.worker.js")).status).toBe(404);
  });

  it("answers 404 for another version, another file or a path", async () => {
    for (const [version, file] of [
      ["1.29.0", "duckdb-eh.wasm"],
      [DUCKDB_WASM_VERSION, "duckdb-coi.wasm"],
      [DUCKDB_WASM_VERSION, "duckdb-browser.mjs"],
      [DUCKDB_WASM_VERSION, "../package.json"],
      [DUCKDB_WASM_VERSION, "..%2Fpackage.json"],
      [DUCKDB_WASM_VERSION, "constructor"],
      [DUCKDB_WASM_VERSION, ""],
    ]) {
      expect((await serveDuckDBBundle(version!, file!)).status, `${version}/${file}`).toBe(404);
    }
  });

  it("answers 404, not a crash, when the package is missing", async () => {
    expect((await serveDuckDBBundle(DUCKDB_WASM_VERSION, "duckdb-eh.wasm", "/nonexistent")).status).toBe(404);
  });

  it("names URLs under the versioned path", () => {
    expect(duckdbBundleUrls("https://app.test").eh).toEqual({
      mainModule: `https://app.test/duckdb/${DUCKDB_WASM_VERSION}/duckdb-eh.wasm`,
      mainWorker: `https://app.test/duckdb/${DUCKDB_WASM_VERSION}/inlet-eh.worker.js`,
    });
  });
});
