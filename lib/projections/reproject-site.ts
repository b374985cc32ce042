import "server-only";
import { sql } from "drizzle-orm";
import type { LogPosition, Projection, Transaction } from "./projection";
import { DEFAULT_BATCH_SIZE, lockCheckpoint, nextRange } from "./run-projection";

/**
 * Replace one site's rows in the read models of `projections` (pass them
 * all: `Object.values(projections)` of this folder's index) by a replay of
 * the site's events under its settings as `tx` sees them, a new time zone
 * say. The rows then equal what a rebuild from the whole log gives that
 * site, and no other site's rows change. Run it in the transaction that
 * changes the site, after the change. Returns how many events it replayed.
 *
 * Serialized against the runners: each projection's checkpoint is locked as
 * a batch locks it, waiting for a batch in flight to commit, so no batch can
 * interleave, and the replay goes exactly as far as the checkpoint. Runners
 * skip the projections meanwhile and, once `tx` commits, carry on from the
 * same checkpoint under the new settings.
 */
export async function reprojectSite(tx: Transaction, siteId: string, projections: readonly Projection[], batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  const checkpoints = await lockAndClear(tx, siteId, projections);
  let replayed = 0;
  for (const [projection, through] of checkpoints) {
    // Only this site's rows, and only as far as the runners have applied the log.
    const within = sql`site_id = ${siteId} AND (tx, seq) <= (${through.tx}::xid8, ${through.seq}::bigint)`;
    let range = await nextRange(tx, { tx: "0", seq: 0 }, batchSize, within);
    while (range) {
      await projection.apply(tx, { ...range, siteId });
      replayed += range.rows;
      range = await nextRange(tx, range.through, batchSize, within);
    }
  }
  return replayed;
}

/**
 * Delete one site's rows from the read models of `projections`, serialized
 * against the runners like reprojectSite, so that a batch in flight cannot
 * write them back after they are gone. For deleting a site, in its transaction.
 */
export async function clearSiteReadModels(tx: Transaction, siteId: string, projections: readonly Projection[]): Promise<void> {
  await lockAndClear(tx, siteId, projections);
}

/** Lock every checkpoint first, always in name order so that two of these cannot deadlock, then empty the site's rows. */
async function lockAndClear(tx: Transaction, siteId: string, projections: readonly Projection[]): Promise<Map<Projection, LogPosition>> {
  const checkpoints = new Map<Projection, LogPosition>();
  for (const projection of [...projections].sort((a, b) => a.name.localeCompare(b.name))) {
    // "wait" always returns the position: it creates a missing checkpoint, then waits for the lock.
    checkpoints.set(projection, (await lockCheckpoint(tx, projection, "wait"))!);
  }
  for (const projection of checkpoints.keys()) await projection.reset(tx, siteId);
  return checkpoints;
}
