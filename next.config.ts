import type { NextConfig } from "next";
import { collectorRuntime, env } from "./lib/env";

const nextConfig: NextConfig = {
  // These load WebAssembly or native binaries at run time; bundling them breaks that.
  serverExternalPackages: ["@duckdb/node-api", "@electric-sql/pglite", "@node-rs/argon2", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  // The DuckDB-WASM bundles app/duckdb/[version]/[file] reads from node_modules at run time.
  outputFileTracingIncludes: {
    "/duckdb/[version]/[file]": ["./node_modules/@duckdb/duckdb-wasm/dist/duckdb-{mvp,eh}.wasm", "./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-{mvp,eh}.worker.js"],
  },
  async rewrites() {
    // Decided at build time (rewrites go into the build's routes manifest):
    // with Neon the collector stays at the edge; any other database is
    // written from the Node route, without the Edge route's extra hop.
    if (collectorRuntime(env()) === "edge") return [];
    return { beforeFiles: [{ source: "/api/collect", destination: "/api/collect/node" }], afterFiles: [], fallback: [] };
  },
};

export default nextConfig;
