import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundle a test's child-process entry (`entry`, from the repository root) into
 * one ESM file a plain `node --conditions=react-server` runs, under
 * node_modules/.cache (a fresh clone has none yet). Answers the file; remove
 * its folder when done.
 */
export async function bundleChildScript(entry: string, prefix: string): Promise<string> {
  const cache = path.join(ROOT, "node_modules/.cache");
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, prefix));
  const outfile = path.join(dir, `${path.basename(entry, ".ts")}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    conditions: ["react-server"],
    logLevel: "warning",
  });
  return outfile;
}
