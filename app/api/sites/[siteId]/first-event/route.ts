import { siteRoute } from "@/lib/access";
import { getDb } from "@/lib/db";
import { firstEvent } from "@/lib/tenancy";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/** `{ received, firstEventAt }`: polled by the install page until the site's first event arrives. */
export const GET = siteRoute<{ siteId: string }>("site:read", async (_request, { site }) => {
  return Response.json(await firstEvent(await getDb(), site.id), { headers: NO_STORE });
});
