import { afterEach, describe, expect, it, vi } from "vitest";

/** next.config.ts reads the environment once per process: a fresh module graph per case. */
async function rewritesFor(vars: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  const { default: config } = await import("@/next.config");
  return config.rewrites!();
}

afterEach(() => vi.unstubAllEnvs());

describe("the build's route for POST /api/collect", () => {
  it("is the Node route for the embedded database, rewritten before the Edge route is matched", async () => {
    expect(await rewritesFor({ DATABASE_URL: "", DATABASE_DRIVER: "", COLLECTOR_RUNTIME: "" })).toEqual({
      beforeFiles: [{ source: "/api/collect", destination: "/api/collect/node" }],
      afterFiles: [],
      fallback: [],
    });
  });

  it("stays the Edge route with Neon", async () => {
    expect(await rewritesFor({ DATABASE_URL: "postgres://u@ep-x.aws.neon.tech/inlet", DATABASE_DRIVER: "", COLLECTOR_RUNTIME: "" })).toEqual([]);
  });

  it("has a Node-runtime route where the rewrite points", async () => {
    const route = await import("@/app/api/collect/node/route");
    expect(route.runtime).toBe("nodejs");
    expect(typeof route.POST).toBe("function");
  });
});
