import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { logRows } from "@/lib/projections/projection";
import { nextRange } from "@/lib/projections/run-projection";
import type { BlobStore } from "./blob-store";
import { withLakeClaim } from "./lake-claim";
import { LAKE_CHECKPOINT, lakeCheckpoint } from "./lake-checkpoint";
import { releasePendingBlobs } from "./lake-garbage";
import { lakeEventOfRow, LAKE_EVENT_COLUMNS } from "./log-events";
import { insertLakeFiles, type LakeFileEntry } from "./manifest";
import type { LakeEvent } from "./parquet-schema";
import { LakeExportFailed, writeLakeFile } from "./write-lake-file";

/**
 * Log rows per micro-batch. A batch is held in memory as JS objects (about
 * 1 KB each), and one minute of a busy deployment fits in one; catching up a
 * long log takes one batch after another.
 */
export const MICRO_BATCH_ROWS = 20_000;

export interface MicroBatch {
  /** Events written; 0 when the log had nothing new below the oldest running transaction. */
  rows: number;
  files: { siteId: string; day: string; key: string; rows: number }[];
}

/**
 * Write the next batch of the log to the lake: the rows after the lake's
 * checkpoint, in (tx, seq) order and only below the oldest transaction still
 * running (nextRange, the projections' own rule, so a transaction that
 * commits late is never passed over), as one `micro` file per site and local
 * day they touch. The files are uploaded first, unlisted; then one
 * transaction lists them and moves the checkpoint past the batch. A crash
 * before that commit leaves only unlisted blobs (deleted later) and the
 * checkpoint where it was; after it, every event of the batch is in exactly
 * one listed file. "busy" when another runner is writing a batch.
 */
export async function exportMicroBatch(db: Database, store: BlobStore, batchSize = MICRO_BATCH_ROWS): Promise<MicroBatch | "busy"> {
  return withLakeClaim(db, "lake_micro_batch", async () => {
    const after = await lakeCheckpoint(db);
    const range = await db.transaction((tx) => nextRange(tx, after, batchSize));
    if (!range) return { rows: 0, files: [] };
    const rows = await queryRows<Record<string, unknown> & { lake_day: string }>(
      db,
      sql`SELECT ${LAKE_EVENT_COLUMNS}, lake_day
          FROM (SELECT e.*, ((e.ts AT TIME ZONE s.time_zone)::date)::text AS lake_day
                FROM ${logRows(range)} AS e JOIN sites s ON s.id = e.site_id) AS batch`,
    );
    // Fewer rows than the range counted only when a site was deleted (its
    // events with it) in between: nothing of it is left to write.
    const partitions = new Map<string, { siteId: string; day: string; events: LakeEvent[] }>();
    for (const row of rows) {
      const event = lakeEventOfRow(row);
      const name = `${event.siteId}/${row.lake_day}`;
      let partition = partitions.get(name);
      if (!partition) partitions.set(name, (partition = { siteId: event.siteId, day: row.lake_day, events: [] }));
      partition.events.push(event);
    }
    const entries: LakeFileEntry[] = [];
    for (const { siteId, day, events } of partitions.values()) {
      entries.push(await writeLakeFile(db, store, { siteId, kind: "micro", day }, events, events.length));
    }
    await db.transaction(async (tx) => {
      const [current] = await queryRows<{ tx: string; seq: string | number }>(
        tx,
        sql`SELECT last_tx::text AS tx, last_seq AS seq FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT} FOR UPDATE`,
      );
      // The claim keeps runners apart; this keeps a batch from being listed twice if it ever does not.
      if (!current || current.tx !== after.tx || Number(current.seq) !== after.seq) {
        throw new LakeExportFailed(`the lake checkpoint moved from ${after.tx}.${after.seq} while a batch was written; the batch is dropped`);
      }
      await insertLakeFiles(tx, entries);
      await releasePendingBlobs(
        tx,
        entries.map(({ key }) => key),
      );
      await tx.execute(sql`
        UPDATE projection_checkpoints SET last_tx = ${range.through.tx}::xid8, last_seq = ${range.through.seq}, updated_at = now()
        WHERE name = ${LAKE_CHECKPOINT}`);
    });
    return { rows: rows.length, files: entries.map(({ siteId, day, key, rows }) => ({ siteId, day, key, rows })) };
  });
}
