import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { CollectorBackend, QuarantineEntry } from "@/edge/collector/collector-backend";
import type { Database } from "@/lib/db";
import { events, QUARANTINE_PER_SITE, quarantinedPayloads, sites, visitorSalts, type NewEventRow } from "@/lib/db/schema";

/**
 * The collector's backend over a drizzle database. The edge route uses it with
 * Neon; the Node side uses it with the embedded database. Edge-safe: drizzle
 * and Web Crypto only.
 */
export function databaseBackend(db: Database, options: { append?: (rows: NewEventRow[]) => Promise<void> } = {}): CollectorBackend {
  return {
    async findSite(publicKey) {
      const [site] = await db
        .select({ id: sites.id, allowedDomains: sites.allowedDomains })
        .from(sites)
        .where(eq(sites.publicKey, publicKey))
        .limit(1);
      return site ?? null;
    },
    append: options.append ?? ((rows) => appendEvents(db, rows)),
    dailySalt: (day) => dailySalt(db, day),
    quarantine: (siteId, entries) => quarantine(db, siteId, entries),
  };
}

/** Store rejected payloads, then drop the site's oldest beyond QUARANTINE_PER_SITE. */
async function quarantine(db: Database, siteId: string, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.insert(quarantinedPayloads).values(entries.map((entry) => ({ siteId, ...entry })));
    await tx.execute(sql`
      DELETE FROM quarantined_payloads
      WHERE site_id = ${siteId} AND id <= (
        SELECT id FROM quarantined_payloads WHERE site_id = ${siteId}
        ORDER BY id DESC OFFSET ${QUARANTINE_PER_SITE} LIMIT 1)`);
  });
}

/** Postgres takes at most 65,535 parameters a statement; an event row has under 30. */
const ROWS_PER_INSERT = 2_000;

/**
 * Append to the log, all rows or none; an id the site already has is skipped,
 * not stored twice.
 */
export async function appendEvents(db: Database, rows: NewEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const insert = (executor: Pick<Database, "insert">, chunk: NewEventRow[]) =>
    executor.insert(events).values(chunk).onConflictDoNothing({ target: [events.siteId, events.id] });
  if (rows.length <= ROWS_PER_INSERT) {
    await insert(db, rows);
    return;
  }
  await db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await insert(tx, rows.slice(start, start + ROWS_PER_INSERT));
  });
}

async function dailySalt(db: Database, day: string): Promise<string> {
  const fresh = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  return db.transaction(async (tx) => {
    await tx.insert(visitorSalts).values({ day, salt: fresh }).onConflictDoNothing();
    // Two days back covers events that arrive late across midnight; older salts must not survive.
    await tx.delete(visitorSalts).where(lt(visitorSalts.day, sql`(${day}::date - 2)`));
    const [row] = await tx.select({ salt: visitorSalts.salt }).from(visitorSalts).where(eq(visitorSalts.day, day));
    return row!.salt;
  });
}
