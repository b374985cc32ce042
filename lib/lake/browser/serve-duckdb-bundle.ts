import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { DUCKDB_BUNDLE_FILES, DUCKDB_WASM_VERSION, DUCKDB_WORKER_ENTRIES, duckdbWorkerEntryScript, isDuckDBBundleFile, isDuckDBWorkerEntry } from "./duckdb-bundles";

/**
 * The package's dist/ folder, from the app's root: `next start` runs from the
 * repository, and next.config.ts traces these files into the build output
 * for hosts that copy only what the server uses.
 */
const DIST_DIR = path.join(process.cwd(), "node_modules", "@duckdb", "duckdb-wasm", "dist");

// The URL names the version, so the bytes under it never change.
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * GET `/duckdb/<version>/<file>`: one of the four DuckDB-WASM bundle files,
 * streamed from the installed package, or one of the two worker entries
 * that start them (duckdb-bundles.ts). Anything else (another version, a
 * file not on the list, a path) is a 404: the name is looked up in a fixed
 * list, never joined into a path as given.
 */
export async function serveDuckDBBundle(version: string, file: string, dir: string = DIST_DIR): Promise<Response> {
  if (version !== DUCKDB_WASM_VERSION) return notFound();
  if (isDuckDBWorkerEntry(file)) {
    return new Response(duckdbWorkerEntryScript(file), { headers: servedHeaders(DUCKDB_BUNDLE_FILES[DUCKDB_WORKER_ENTRIES[file]]) });
  }
  if (!isDuckDBBundleFile(file)) return notFound();
  // Not traced from here (it would trace the whole project): next.config.ts lists the four files.
  const filePath = path.join(/*turbopackIgnore: true*/ dir, file);
  let size: number;
  try {
    size = (await fs.promises.stat(/*turbopackIgnore: true*/ filePath)).size;
  } catch {
    console.error(`[duckdb] bundle file missing from the server: ${filePath}`);
    return notFound();
  }
  const body = Readable.toWeb(fs.createReadStream(/*turbopackIgnore: true*/ filePath)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...servedHeaders(DUCKDB_BUNDLE_FILES[file]), "content-length": String(size) } });
}

/** What every served file says: its type, cache it for good (the URL names the version), no sniffing. */
function servedHeaders(contentType: string): Record<string, string> {
  return { "content-type": contentType, "cache-control": IMMUTABLE, "x-content-type-options": "nosniff" };
}

function notFound(): Response {
  return Response.json({ error: { code: "not_found", message: "No such file" } }, { status: 404, headers: { "cache-control": "no-store" } });
}
