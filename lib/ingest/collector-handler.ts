import { handle } from "hono/vercel";
import type { CollectorBackend } from "@/edge/collector/collector-backend";
import { createCollectorApp } from "@/edge/collector/collector-app";
import { env } from "@/lib/env";

type WithBackend = <T>(work: (backend: CollectorBackend) => Promise<T>) => Promise<T>;

/**
 * The collector as a route handler, for the Edge route and the Node route
 * alike (app/api/collect/). Built on the first request, not at import:
 * `next build` imports route modules without configuration. Edge-safe.
 */
export function collectorRouteHandler(withBackend: WithBackend): (request: Request) => Response | Promise<Response> {
  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  return (request) => {
    if (!handler) {
      const { COLLECT_RATE_LIMIT_IP: perIp, COLLECT_RATE_LIMIT_SITE: perSite } = env();
      handler = handle(
        createCollectorApp({
          withBackend,
          rateLimits: { perIp: { perSecond: perIp, burst: perIp * 10 }, perSite: { perSecond: perSite, burst: perSite * 10 } },
        }),
      );
    }
    return handler(request);
  };
}
