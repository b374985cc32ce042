import { currentUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db";
import { countLiveVisitors } from "@/lib/query";
import { getSiteForUserOrThrow } from "@/lib/tenancy";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * `{ visitors }`: distinct visitors in the last five minutes, polled by the
 * dashboard. The same access as the dashboard: 401 without a session, 404
 * for a site the caller may not see (or that does not exist).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ siteId: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in to see this site." } }, { status: 401, headers: NO_STORE });
  const { siteId } = await params;
  const site = await getSiteForUserOrThrow(user.id, siteId);
  const visitors = await countLiveVisitors(await getDb(), site);
  return Response.json({ visitors }, { headers: NO_STORE });
}
