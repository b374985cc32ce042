import { serveDuckDBBundle } from "@/lib/lake/browser/serve-duckdb-bundle";

export const runtime = "nodejs";

type Context = { params: Promise<{ version: string; file: string }> };

/** The pinned DuckDB-WASM bundles, served by the app itself (see lib/lake/browser/duckdb-bundles.ts). */
export async function GET(_request: Request, context: Context) {
  const { version, file } = await context.params;
  return serveDuckDBBundle(version, file);
}
