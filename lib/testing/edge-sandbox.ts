import path from "node:path";
import { EdgeRuntime } from "edge-runtime";
import * as esbuild from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundle an App Router route module (`@/app/...`) into one classic script for
 * an Edge sandbox, resolved the way Next resolves an edge route handler:
 * Web-worker conditions, plus `react-server` (route handlers live in React's
 * server layer, which is what lets `server-only` through), and the `@/` alias
 * from tsconfig. A fetch listener hands each request to the route's handler
 * for its method. Any Node built-in in the import graph fails the build.
 */
export async function bundleRouteForEdge(routeModule: string): Promise<{ script: string; inputs: string[] }> {
  const entry = [
    `import * as route from ${JSON.stringify(routeModule)};`,
    `addEventListener("fetch", (event) => {`,
    `  const handler = route[event.request.method];`,
    `  event.respondWith(handler ? handler(event.request) : new Response(null, { status: 405 }));`,
    `});`,
  ].join("\n");
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "edge-entry.js", loader: "js" },
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    bundle: true,
    write: false,
    metafile: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    conditions: ["edge-light", "worker", "browser", "module", "react-server"],
    mainFields: ["edge-light", "worker", "browser", "module", "main"],
    // Next inlines NODE_ENV at build time; every other variable is read at run time.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    logLevel: "silent",
  });
  return { script: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * A fresh Edge runtime isolate running `script`. Like Next's edge sandbox it
 * offers Web APIs only, with `process.env` as the one Node global; unlike Next
 * it leaves out every other `process` member and `require`, so a Node API
 * used at run time fails here instead of in production.
 */
export function edgeSandbox(script: string, env: Record<string, string>): EdgeRuntime {
  return new EdgeRuntime({
    initialCode: script,
    extend: (context) => Object.assign(context, { process: { env: { ...env, NEXT_RUNTIME: "edge" } } }),
  });
}
