/**
 * Build-time only (Node): bundles and minifies the tracker snippet. Nothing on
 * the Edge runtime imports this file; scripts/build-tracker.ts writes its
 * output to public/s.js and tracker.test.ts holds it to the size budget.
 */
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The most the minified tracker may weigh gzipped, in bytes (DESIGN.md: at most 1 KB). */
export const TRACKER_GZIP_BUDGET = 1024;

export interface TrackerBuild {
  /** The minified script, an IIFE that defines no globals but `window.inlet`. */
  code: string;
  bytes: number;
  /** gzip at level 9, as size reports usually quote it. */
  gzipBytes: number;
  /** brotli at quality 11, what a CDN serving a static file typically sends. */
  brotliBytes: number;
}

const entryPoint = fileURLToPath(new URL("./tracker.ts", import.meta.url));

/** Bundles edge/tracker/tracker.ts into one minified ES2017 script and measures it. */
export async function buildTracker(): Promise<TrackerBuild> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    format: "iife",
    target: "es2017",
    platform: "browser",
    minify: true,
    // No mangleProps: the property names the script uses are the wire format
    // and DOM APIs, so there is nothing safe to rename.
    legalComments: "none",
    charset: "utf8",
    // Not the project's tsconfig: its `strict` would add a "use strict" prologue
    // the script does not need.
    tsconfigRaw: {},
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  const buffer = Buffer.from(code);
  return {
    code,
    bytes: buffer.length,
    gzipBytes: gzipSync(buffer, { level: 9 }).length,
    brotliBytes: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
    }).length,
  };
}
