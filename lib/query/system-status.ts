import "server-only";
import { count, desc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { quarantinedPayloads } from "@/lib/db/schema";
import { projectionLag, projections, type ProjectionLag } from "@/lib/projections";

/** How many minutes of ingestion the view counts, the current one included. */
export const INGEST_WINDOW_MINUTES = 60;
/** How many rejected payloads the view lists, newest first. */
export const QUARANTINE_ROWS = 50;
/** How much of each rejected payload the view shows. */
export const PAYLOAD_PREVIEW_CHARS = 500;

const MINUTE_MS = 60_000;

export interface QuarantinedEvent {
  receivedAt: Date;
  reason: string;
  /** The payload's first PAYLOAD_PREVIEW_CHARS characters, with "…" when it was longer. */
  payload: string;
}

export interface SystemStatus {
  /** One entry per UTC minute, oldest first, the minute holding `now` last; minutes without events are 0. */
  eventsPerMinute: { minute: string; events: number }[];
  /** Every projection's lag behind the event log (the log is shared by all sites). */
  lag: ProjectionLag[];
  quarantine: { rows: QuarantinedEvent[]; total: number };
}

/**
 * The health of one site's pipeline: events received per minute over the last
 * hour (by `received_at`, the server's clock, so a skewed browser clock cannot
 * hide an outage), how far each projection trails the log, and the rejected
 * payloads kept in quarantine.
 *
 * The caller passes the id of a site it was allowed `site:system` on
 * (lib/access): this query trusts that the reader may see it.
 */
export async function getSystemStatus(db: Database, siteId: string, now: Date = new Date()): Promise<SystemStatus> {
  const lastMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const firstMinute = lastMinute - (INGEST_WINDOW_MINUTES - 1) * MINUTE_MS;

  // Minutes travel as epoch minutes: numbers, which no driver or session time zone reinterprets.
  const counted = await queryRows<{ minute: string | number; events: string | number }>(
    db,
    sql`SELECT floor(extract(epoch FROM received_at) / 60)::bigint AS minute, count(*) AS events
        FROM events
        WHERE site_id = ${siteId}::uuid
          -- The collector refuses events more than 7 days old, so this lets the (site_id, ts)
          -- index bound the scan to the last days instead of the whole hot window.
          AND ts >= ${new Date(firstMinute - 8 * 86_400_000).toISOString()}::timestamptz
          AND received_at >= ${new Date(firstMinute).toISOString()}::timestamptz
          AND received_at <= ${now.toISOString()}::timestamptz
        GROUP BY 1`,
  );
  const byMinute = new Map(counted.map((row) => [Number(row.minute) * MINUTE_MS, Number(row.events)]));
  const eventsPerMinute = Array.from({ length: INGEST_WINDOW_MINUTES }, (_, i) => {
    const minute = firstMinute + i * MINUTE_MS;
    return { minute: new Date(minute).toISOString(), events: byMinute.get(minute) ?? 0 };
  });

  const lag = await projectionLag(db, Object.values(projections));

  // One character past the preview tells whether the payload was cut, without reading kilobytes of it.
  const latest = await db
    .select({
      receivedAt: quarantinedPayloads.receivedAt,
      reason: quarantinedPayloads.reason,
      payload: sql<string>`left(${quarantinedPayloads.payload}, ${PAYLOAD_PREVIEW_CHARS + 1})`,
    })
    .from(quarantinedPayloads)
    .where(eq(quarantinedPayloads.siteId, siteId))
    .orderBy(desc(quarantinedPayloads.receivedAt), desc(quarantinedPayloads.id))
    .limit(QUARANTINE_ROWS);
  const [total] = await db.select({ rows: count() }).from(quarantinedPayloads).where(eq(quarantinedPayloads.siteId, siteId));

  return {
    eventsPerMinute,
    lag,
    quarantine: {
      rows: latest.map((row) => ({ ...row, payload: preview(row.payload) })),
      total: Number(total?.rows ?? 0),
    },
  };
}

/** Cut by code points, as Postgres's left() counts, so an emoji is never split in half. */
function preview(payload: string): string {
  const chars = Array.from(payload);
  return chars.length > PAYLOAD_PREVIEW_CHARS ? `${chars.slice(0, PAYLOAD_PREVIEW_CHARS).join("")}…` : payload;
}
