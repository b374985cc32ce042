import { handle } from "hono/vercel";
import { createCollectorApp } from "@/edge/collector/collector-app";
import { env } from "@/lib/env";
import { withConfiguredBackend } from "@/lib/ingest/configured-backend";

// The collector runs at the edge, close to visitors (see DESIGN.md, step 2).
export const runtime = "edge";

let handler: ((request: Request) => Response | Promise<Response>) | undefined;

/** Built on the first request, not at import: `next build` imports this module without configuration. */
function collector() {
  if (!handler) {
    const { COLLECT_RATE_LIMIT_IP: perIp, COLLECT_RATE_LIMIT_SITE: perSite } = env();
    handler = handle(
      createCollectorApp({
        withBackend: withConfiguredBackend,
        rateLimits: { perIp: { perSecond: perIp, burst: perIp * 10 }, perSite: { perSecond: perSite, burst: perSite * 10 } },
      }),
    );
  }
  return handler;
}

export const POST = (request: Request) => collector()(request);
export const OPTIONS = (request: Request) => collector()(request);
