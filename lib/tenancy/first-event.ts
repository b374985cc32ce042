import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { events } from "@/lib/db/schema";

/** Whether a site has received any event yet: what the install page waits for. */
export interface FirstEvent {
  received: boolean;
  /** The earliest stored event's time (ISO 8601), or null before the first. */
  firstEventAt: string | null;
}

/** The site's earliest event, read from the (site_id, ts) index: cheap enough to poll. */
export async function firstEvent(db: Database, siteId: string): Promise<FirstEvent> {
  const [first] = await db.select({ ts: events.ts }).from(events).where(eq(events.siteId, siteId)).orderBy(asc(events.ts)).limit(1);
  return { received: first !== undefined, firstEventAt: first ? first.ts.toISOString() : null };
}
