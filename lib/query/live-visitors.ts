import "server-only";
import { and, countDistinct, eq, gt, lte } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { events } from "@/lib/db/schema";
import type { Site } from "@/lib/tenancy/site";

/** How far back "visitors right now" looks. */
export const LIVE_WINDOW_MS = 5 * 60 * 1000;

/**
 * Distinct visitors with an event in the five minutes up to `now`, read from
 * the events log itself: the read models lag behind it by a projection run,
 * which is too slow for a number that claims to be live.
 *
 * The caller passes a site it was allowed to read (lib/access).
 */
export async function countLiveVisitors(db: Database, site: Pick<Site, "id">, now: Date = new Date()): Promise<number> {
  const [row] = await db
    .select({ visitors: countDistinct(events.visitorId) })
    .from(events)
    .where(and(eq(events.siteId, site.id), gt(events.ts, new Date(now.getTime() - LIVE_WINDOW_MS)), lte(events.ts, now)));
  return Number(row?.visitors ?? 0);
}
