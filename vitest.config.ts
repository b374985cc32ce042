import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React's server bundle; tests are server code.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    include: ["{lib,edge,app,components,scripts}/**/*.test.{ts,tsx}"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's ESM
    // resolver refuses; run through Vite's resolver instead.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry WASM; two cores gain little from more forks.
    maxWorkers: 2,
  },
});
