import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import { queryRows, schema, type Database } from "@/lib/db";
import * as projectionSchema from "@/lib/db/schema/projections";
import { rebuild, type Projection } from "@/lib/projections";
import { generateTraffic } from "@/lib/seed/generate-traffic";

/** Zones whose days start at different instants, so day buckets differ per site. */
export const TEST_TIME_ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo"] as const;

/** An organisation with one site per zone of `timeZones`; returns the site ids. */
export async function prepareSites(db: Database, label: string, timeZones: readonly string[] = TEST_TIME_ZONES): Promise<string[]> {
  const [org] = await db.insert(schema.organisations).values({ name: `Org ${label}` }).returning();
  const siteIds: string[] = [];
  for (const [i, timeZone] of timeZones.entries()) {
    const [site] = await db
      .insert(schema.sites)
      .values({ organisationId: org!.id, name: `${label} ${i}`, publicKey: `pk_${label}_${i}`, timeZone })
      .returning();
    siteIds.push(site!.id);
  }
  return siteIds;
}

/**
 * Append `events` events of generated traffic (returning visitors,
 * multi-page sessions, custom events) spread over `siteIds`, `perTransaction`
 * rows per transaction, so the log holds many appending transactions.
 * The same seed gives the same events.
 */
export async function appendTraffic(
  db: Database,
  siteIds: readonly string[],
  options: { events: number; seed: number; perTransaction?: number; end?: Date; days?: number },
): Promise<void> {
  const { events, seed, perTransaction = 100, end = new Date("2026-03-20T00:00:00Z"), days = 6 } = options;
  const rows = siteIds.flatMap((siteId, i) => {
    const share = Math.floor(events / siteIds.length) + (i < events % siteIds.length ? 1 : 0);
    const timeZone = TEST_TIME_ZONES[i % TEST_TIME_ZONES.length]!;
    return [...generateTraffic({ siteId, events: share, days, end, seed: seed * 31 + i, timeZone })];
  });
  // Interleave the sites' streams in time order, as a collector would append them.
  rows.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  for (let start = 0; start < rows.length; start += perTransaction) {
    await db.insert(schema.events).values(rows.slice(start, start + perTransaction));
  }
}

/** The read-model tables: every table of lib/db/schema/projections.ts but the checkpoints. */
export const READ_MODEL_TABLES = (Object.values(projectionSchema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableName(table))
  .filter((name) => name !== "projection_checkpoints");

/** Every read model's rows (or one site's) as sorted JSON text, per table: equal snapshots, equal read models. */
export async function snapshotReadModels(db: Database, siteId?: string): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of READ_MODEL_TABLES) {
    const where = siteId === undefined ? sql`` : sql`WHERE t.site_id = ${siteId}`;
    const rows = await queryRows<{ row: string }>(db, sql`SELECT to_jsonb(t)::text AS row FROM ${sql.identifier(table)} t ${where} ORDER BY 1`);
    snapshot[table] = rows.map(({ row }) => row);
  }
  return snapshot;
}

export interface DailyPageviews {
  site_id: string;
  day: string;
  pageviews: number;
}

/** The reference for daily_pageviews, computed straight from the log. */
export function dailyPageviewsFromLog(db: Database): Promise<DailyPageviews[]> {
  return queryRows<DailyPageviews & Record<string, unknown>>(
    db,
    sql`SELECT e.site_id, to_char((e.ts AT TIME ZONE s.time_zone)::date, 'YYYY-MM-DD') AS day, count(*)::int AS pageviews
        FROM events e JOIN sites s ON s.id = e.site_id WHERE e.name = 'pageview' GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

/** What the daily_pageviews read model holds, in the reference's shape. */
export function dailyPageviewsReadModel(db: Database): Promise<DailyPageviews[]> {
  return queryRows<DailyPageviews & Record<string, unknown>>(
    db,
    sql`SELECT site_id, to_char(day, 'YYYY-MM-DD') AS day, pageviews::int AS pageviews FROM daily_pageviews ORDER BY 1, 2`,
  );
}

/**
 * Assert that the read models are what the log says: daily_pageviews equals
 * the reference computed from the raw events, and every projection's read
 * model equals a rebuild from scratch (which this leaves in place).
 */
export async function expectReadModelsMatchLog(db: Database, projections: readonly Projection[]): Promise<void> {
  expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));
  const incremental = await snapshotReadModels(db);
  for (const projection of projections) await rebuild(db, projection);
  expect(await snapshotReadModels(db)).toEqual(incremental);
}
