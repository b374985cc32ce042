/**
 * Build-time only (Node): bundles and minifies the tracker: the script tag's
 * IIFE, its link clicks extension (another IIFE) and the ES module. Nothing on
 * the Edge runtime imports this file; scripts/build-tracker.ts writes the two
 * scripts to public/, tracker.test.ts holds the core script to the size
 * budget, and the `sdk` bench reports every size.
 */
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The most the minified core script (public/s.js) may weigh gzipped, in bytes (DESIGN.md: at most 1 KB). The clicks extension and the module have no budget. */
export const TRACKER_GZIP_BUDGET = 1024;

export interface TrackerBuild {
  /** The minified code: for the script, an IIFE that defines no globals but `window.inlet`. */
  code: string;
  bytes: number;
  /** gzip at level 9, as size reports usually quote it. */
  gzipBytes: number;
  /** brotli at quality 11, what a CDN serving a static file typically sends. */
  brotliBytes: number;
}

/** Bundles edge/tracker/tracker.ts into the minified script that public/s.js serves, and measures it. */
export function buildTracker(): Promise<TrackerBuild> {
  return bundle("tracker.ts", "iife");
}

/** Bundles edge/tracker/clicks.ts into the link clicks extension that public/s.clicks.js serves (no budget: only sites with data-outbound or data-downloads load it), and measures it. */
export function buildTrackerClicks(): Promise<TrackerBuild> {
  return bundle("clicks.ts", "iife");
}

/** Bundles edge/tracker/module.ts into one minified ES module (what a package would ship), and measures it. */
export function buildTrackerModule(): Promise<TrackerBuild> {
  return bundle("module.ts", "esm");
}

async function bundle(entry: string, format: "iife" | "esm"): Promise<TrackerBuild> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format,
    // ES2020 keeps `?.` and `catch {}` as written (Chrome 80, Firefox 74,
    // Safari 13.1, all from 2020): the script is 27 B gzipped smaller than at
    // ES2019 and 186 B smaller than at ES2017. Older browsers fail to parse
    // it and are not counted; the page is unaffected.
    target: "es2020",
    platform: "browser",
    minify: true,
    // No mangleProps: the script's property names are the wire format, DOM
    // APIs and the data- attributes; its own state has none (a tuple in
    // sessionStorage, one function returned), so there is nothing to rename.
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
