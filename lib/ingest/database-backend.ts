import "server-only";
import { eq, sql } from "drizzle-orm";
import type { CollectorBackend, QuarantineEntry } from "@/edge/collector/collector-backend";
import type { Database } from "@/lib/db";
import { queryRows } from "@/lib/db/query-rows";
import { events, QUARANTINE_PER_SITE, quarantinedPayloads, sites, type NewEventRow } from "@/lib/db/schema";

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

/**
 * Store rejected payloads, then drop the site's oldest beyond
 * QUARANTINE_PER_SITE. Two statements, no transaction: pruning is
 * housekeeping, and the collector's path stays free of transactions (see
 * appendEvents).
 */
async function quarantine(db: Database, siteId: string, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(quarantinedPayloads).values(entries.map((entry) => ({ siteId, ...entry })));
  await db.execute(sql`
    DELETE FROM quarantined_payloads
    WHERE site_id = ${siteId} AND id <= (
      SELECT id FROM quarantined_payloads WHERE site_id = ${siteId}
      ORDER BY id DESC OFFSET ${QUARANTINE_PER_SITE} LIMIT 1)`);
}

/** Postgres takes at most 65,535 parameters a statement; an event row has under 30. */
export const ROWS_PER_INSERT = 2_000;

/**
 * Append to the log, all rows or none; an id the site already has is skipped,
 * not stored twice. Up to ROWS_PER_INSERT rows (every collector call: group
 * commit groups no more) take one statement and no transaction: drizzle
 * 0.45 leaks a pooled connection when BEGIN itself fails (drizzle-orm
 * issues 6023, 6241), which a database outage would turn into a hung pool.
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
  // One statement: make the day's salt if missing, destroy salts older than
  // two days (late events across midnight need yesterday's), return today's.
  const query = sql`
    WITH purged AS (DELETE FROM visitor_salts WHERE day < ${day}::date - 2),
         made AS (INSERT INTO visitor_salts (day, salt) VALUES (${day}, ${fresh}) ON CONFLICT (day) DO NOTHING RETURNING salt)
    SELECT salt FROM made UNION ALL SELECT salt FROM visitor_salts WHERE day = ${day}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await queryRows<{ salt: string }>(db, query);
    // Empty only when a concurrent request made the salt after this statement's snapshot: read again.
    if (row) return row.salt;
  }
  throw new Error(`no visitor salt for ${day}`);
}
