import { siteRoute } from "@/lib/access";
import { getDb } from "@/lib/db";
import { countLiveVisitors } from "@/lib/query";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * `{ visitors }`: distinct visitors in the last five minutes, polled by the
 * dashboard (or a shared dashboard). The same access as the dashboard.
 */
export const GET = siteRoute<{ siteId: string }>("site:read", async (_request, { site }) => {
  const visitors = await countLiveVisitors(await getDb(), site);
  return Response.json({ visitors }, { headers: NO_STORE });
});
