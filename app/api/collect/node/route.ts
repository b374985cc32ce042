import { collectorRouteHandler } from "@/lib/ingest/collector-handler";
import { withNodeBackend } from "@/lib/ingest/node-backend";

/**
 * The same collector on the Node runtime, writing straight to the database
 * with group commit. next.config.ts rewrites POST /api/collect here when the
 * build's database is not Neon: from the Edge runtime those databases are
 * only reachable through a second request to the Node side, which cost
 * 60% of the throughput (README, Performance).
 */
export const runtime = "nodejs";

const collect = collectorRouteHandler(withNodeBackend);

export const POST = (request: Request) => collect(request);
export const OPTIONS = (request: Request) => collect(request);
