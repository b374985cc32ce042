import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { BlobStore } from "../blob-store";
import { exportMicroBatch } from "../export-micro-batch";
import { lakeLagMs } from "../lake-checkpoint";
import { readParquetRows } from "../parquet-reader";

/** `sites`' rows only. */
const ofSites = (sites: readonly string[]) => sql`site_id IN (${sql.join(sites.map((site) => sql`${site}::uuid`), sql`, `)})`;

/** The listed files' events of `sites` as `site_id/seq`, read from the store, sorted: a multiset to compare with the log's. */
export async function listedEvents(db: Database, store: BlobStore, sites: readonly string[]): Promise<string[]> {
  const listed = (await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_files WHERE ${ofSites(sites)}`)).map(({ key }) => key);
  return eventsOfFiles(store, listed);
}

/** The events of `keys` as `site_id/seq`, sorted. */
export async function eventsOfFiles(store: BlobStore, keys: readonly string[]): Promise<string[]> {
  const events: string[] = [];
  for (const key of keys) {
    const bytes = await store.get(key);
    if (!bytes) throw new Error(`${key} is listed but missing from the store`);
    for (const row of await readParquetRows(bytes)) events.push(`${row.siteId}/${row.seq}`);
  }
  return events.sort();
}

/** The log's events of `sites` as `site_id/seq`, sorted. */
export async function logEvents(db: Database, sites: readonly string[]): Promise<string[]> {
  const rows = await queryRows<{ event: string }>(db, sql`SELECT site_id::text || '/' || seq AS event FROM events WHERE ${ofSites(sites)}`);
  return rows.map(({ event }) => event).sort();
}

/**
 * Micro-batches until the lake holds every committed event of the log.
 * A batch finds nothing while any transaction older than the rows is open,
 * on the whole server (other tests' databases included), so an empty batch
 * is retried until the lag says the lake is complete.
 */
export async function drainLake(db: Database, store: BlobStore, batchSize: number, timeoutMs = 20_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let rows = 0;
  for (;;) {
    const batch = await exportMicroBatch(db, store, batchSize);
    if (batch !== "busy" && batch.rows > 0) {
      rows += batch.rows;
      continue;
    }
    if ((await lakeLagMs(db)) === 0) return rows;
    if (performance.now() > deadline) throw new Error(`the lake did not catch up with the log in ${timeoutMs} ms`);
    await sleep(20);
  }
}
