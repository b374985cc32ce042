import "server-only";
import { eq, sql } from "drizzle-orm";
import type { CollectorApiKey, CollectorBackend, QuarantineEntry } from "@/edge/collector/collector-backend";
import type { Database } from "@/lib/db";
import { queryRows } from "@/lib/db/query-rows";
import { EVENT_SCHEMA_VERSION, QUARANTINE_PER_SITE, quarantinedPayloads, sites, writtenEventColumns, type NewEventRow } from "@/lib/db/schema";
import { bytesToHex } from "@/lib/encoding/bytes-to-hex";

/**
 * The collector's backend over a drizzle database. The edge route uses it with
 * Neon; the Node side uses it with the embedded database. Edge-safe: drizzle
 * and Web Crypto only.
 */
export function databaseBackend(db: Database, options: { append?: (rows: NewEventRow[]) => Promise<void> } = {}): CollectorBackend {
  return {
    async findSite(publicKey) {
      const [site] = await db
        .select({ id: sites.id, organisationId: sites.organisationId, allowedDomains: sites.allowedDomains, timeZone: sites.timeZone })
        .from(sites)
        .where(eq(sites.publicKey, publicKey))
        .limit(1);
      return site ?? null;
    },
    findApiKey: (secretHash) => findApiKey(db, secretHash),
    append: options.append ?? ((rows) => appendEvents(db, rows)),
    dailySalt: (day) => dailySalt(db, day),
    quarantine: (siteId, entries) => quarantine(db, siteId, entries),
  };
}

/**
 * The key and, in the same statement, its "last used" time: the keys page
 * shows it to the minute, so a key used within the last minute is not
 * written again. The collector asks once per key and instance every
 * API_KEY_TTL_MS (edge/collector/backend-cache.ts), so "last used" lags real
 * use by at most that plus a minute, and costs no extra round trip.
 */
async function findApiKey(db: Database, secretHash: string): Promise<CollectorApiKey | null> {
  const [key] = await queryRows<{ id: string; organisationId: string; scope: CollectorApiKey["scope"]; revoked: boolean }>(
    db,
    sql`
      WITH found AS (SELECT id, organisation_id, scope, revoked_at FROM api_keys WHERE secret_hash = ${secretHash}),
           touched AS (
             UPDATE api_keys SET last_used_at = now()
             WHERE id IN (SELECT id FROM found WHERE revoked_at IS NULL)
               AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
      SELECT id, organisation_id AS "organisationId", scope, revoked_at IS NOT NULL AS revoked FROM found`,
  );
  return key ?? null;
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

/** The most rows group commit puts in one statement (about 1 MB of JSON). */
export const ROWS_PER_APPEND = 2_000;

const appendColumns = writtenEventColumns();
const recordsetShape = sql.raw(appendColumns.map(([, column]) => `${column.name} ${column.getSQLType()}`).join(", "));
const columnList = sql.raw(appendColumns.map(([, column]) => column.name).join(", "));

/**
 * Append to the log in one statement, all rows or none; an id the site
 * already has is skipped, not stored twice. The rows travel as one JSON
 * parameter unpacked by jsonb_to_recordset: cheaper to build than ~28
 * parameters a row, with no limit on rows per statement, so no transaction
 * is needed either (drizzle 0.45 leaks a pooled connection when BEGIN
 * itself fails, drizzle-orm issues 6023 and 6241).
 */
export async function appendEvents(db: Database, rows: NewEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => {
    const complete: Record<string, unknown> = {
      ...row,
      // The table's defaults, for rows that leave them out (jsonb_to_recordset yields NULL).
      receivedAt: row.receivedAt ?? new Date(),
      hostname: row.hostname ?? "",
      path: row.path ?? "/",
      schemaVersion: row.schemaVersion ?? EVENT_SCHEMA_VERSION,
    };
    return Object.fromEntries(appendColumns.map(([key, column]) => [column.name, complete[key] ?? null]));
  });
  await db.execute(sql`
    INSERT INTO events (${columnList})
    SELECT ${columnList} FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(${recordsetShape})
    ON CONFLICT (site_id, id) DO NOTHING`);
}

/** Salts of days before this many days ago (UTC) are destroyed: the oldest local date on Earth is a day behind UTC. */
const SALT_DAYS_KEPT = 2;

async function dailySalt(db: Database, day: string): Promise<string> {
  const fresh = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  const oldestKept = new Date(Date.now() - SALT_DAYS_KEPT * 86_400_000).toISOString().slice(0, 10);
  // Late events of a day whose salt is gone get a salt of their own, never
  // stored: nothing can link them to that day's other visitor ids.
  if (day < oldestKept) return fresh;
  // One statement: make the day's salt if missing, destroy old salts, return the day's.
  const query = sql`
    WITH purged AS (DELETE FROM visitor_salts WHERE day < ${oldestKept}::date),
         made AS (INSERT INTO visitor_salts (day, salt) VALUES (${day}, ${fresh}) ON CONFLICT (day) DO NOTHING RETURNING salt)
    SELECT salt FROM made UNION ALL SELECT salt FROM visitor_salts WHERE day = ${day}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await queryRows<{ salt: string }>(db, query);
    // Empty only when a concurrent request made the salt after this statement's snapshot: read again.
    if (row) return row.salt;
  }
  throw new Error(`no visitor salt for ${day}`);
}
