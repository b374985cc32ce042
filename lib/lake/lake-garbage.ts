import "server-only";
import { inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { lakeGarbage, sites } from "@/lib/db/schema";
import type { Transaction } from "@/lib/projections/projection";
import type { BlobStore } from "./blob-store";
import { LAKE_URL_TTL_SECONDS } from "./lake-files-for-range";

/**
 * How long an unlisted blob stays: a writer registers its blob as pending
 * before the upload and lists it within seconds, so an hour-old pending row
 * is a writer that died. The sweep gives blobs it finds unlisted as long.
 */
const UNLISTED_GRACE_SECONDS = 3600;
/** A replaced file outlives the signed URLs handed out for it, with a margin for clocks and slow reads. */
const REPLACED_GRACE_SECONDS = LAKE_URL_TTL_SECONDS + 5 * 60;
/** Blobs deleted per transaction: their rows stay locked while the store deletes them. */
const DELETE_BATCH = 50;

/**
 * Register blobs about to be uploaded. Committed before the upload, so every
 * blob in the store is listed or registered here (the sweep relies on it).
 * A key registered again (a writer retrying after a crash writes the same
 * content-addressed key) waits on a deleter holding its row, then gets a
 * new deadline: the blob is uploaded only after any deletion of it.
 */
export async function registerPendingBlobs(db: Database, blobs: readonly { siteId: string; key: string }[]): Promise<void> {
  if (blobs.length === 0) return;
  await db
    .insert(lakeGarbage)
    .values(blobs.map(({ siteId, key }) => ({ siteId, key, reason: "pending" as const, deleteAfter: sql`now() + ${UNLISTED_GRACE_SECONDS}::int * interval '1 second'` })))
    .onConflictDoUpdate({ target: lakeGarbage.key, set: { reason: "pending", deleteAfter: sql`excluded.delete_after` } });
}

/** In the transaction that lists them: these blobs are live now. */
export async function releasePendingBlobs(tx: Transaction, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await tx.delete(lakeGarbage).where(inArray(lakeGarbage.key, [...keys]));
}

/** In the transaction that unlists them: delete these blobs once no signed URL for them can be valid. */
export async function discardReplacedBlobs(tx: Transaction, siteId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx
    .insert(lakeGarbage)
    .values(keys.map((key) => ({ siteId, key, reason: "replaced" as const, deleteAfter: sql`now() + ${REPLACED_GRACE_SECONDS}::int * interval '1 second'` })))
    .onConflictDoUpdate({ target: lakeGarbage.key, set: { reason: "replaced", deleteAfter: sql`excluded.delete_after` } });
}

/**
 * Delete the blobs whose time has come, at most `limit`; returns how many.
 * Each batch's rows stay locked while their blobs are deleted, so a writer
 * registering one of those keys again waits and uploads after the delete.
 * A key listed in the manifest again (a file's or a file's rollup) is only
 * forgotten, never deleted.
 */
export async function collectLakeGarbage(db: Database, store: BlobStore, limit = 500): Promise<number> {
  let deleted = 0;
  for (let more = true; more && deleted < limit; ) {
    deleted += await db.transaction(async (tx) => {
      const due = await queryRows<{ key: string; listed: boolean }>(
        tx,
        sql`SELECT g.key,
                   EXISTS (SELECT 1 FROM lake_files f WHERE f.key = g.key) OR EXISTS (SELECT 1 FROM lake_files f WHERE f.rollup_key = g.key) AS listed
            FROM lake_garbage g
            WHERE g.delete_after <= now()
            ORDER BY g.delete_after
            LIMIT ${Math.min(DELETE_BATCH, limit - deleted)}
            FOR UPDATE OF g SKIP LOCKED`,
      );
      more = due.length > 0;
      const unlisted = due.filter(({ listed }) => !listed).map(({ key }) => key);
      for (const key of unlisted) await store.delete(key);
      if (more) await tx.delete(lakeGarbage).where(inArray(lakeGarbage.key, due.map(({ key }) => key)));
      return unlisted.length;
    });
  }
  return deleted;
}

/**
 * Find blobs under each site's prefix that neither the manifest nor the
 * garbage table knows (written by older code, or left by an operator), and
 * register them for deletion in an hour. The store is listed first and the
 * references read after, in one statement: a blob listed was registered
 * before its upload, so by then it is referenced (or was already deleted).
 * Returns how many it registered.
 */
export async function sweepUnlistedBlobs(db: Database, store: BlobStore): Promise<number> {
  let found = 0;
  for (const { id } of await db.select({ id: sites.id }).from(sites)) {
    const keys = await store.list(`site=${id}/`);
    if (keys.length === 0) continue;
    const referenced = await queryRows<{ key: string }>(
      db,
      sql`SELECT key FROM lake_files WHERE site_id = ${id}
          UNION ALL SELECT rollup_key FROM lake_files WHERE site_id = ${id} AND rollup_key IS NOT NULL
          UNION ALL SELECT key FROM lake_garbage WHERE site_id = ${id}`,
    );
    const known = new Set(referenced.map(({ key }) => key));
    const unknown = keys.filter((key) => !known.has(key));
    if (unknown.length === 0) continue;
    await db
      .insert(lakeGarbage)
      .values(unknown.map((key) => ({ siteId: id, key, reason: "unlisted" as const, deleteAfter: sql`now() + ${UNLISTED_GRACE_SECONDS}::int * interval '1 second'` })))
      .onConflictDoNothing();
    found += unknown.length;
  }
  return found;
}
