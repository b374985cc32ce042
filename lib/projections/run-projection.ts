import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { projectionCheckpoints } from "@/lib/db/schema";
import type { LogPosition, LogRange, Projection, Transaction } from "./projection";

export const DEFAULT_BATCH_SIZE = 50_000;

/** How a batch takes its projection's checkpoint when another runner holds it. */
type LockMode = "skip" | "wait";

/**
 * Apply one batch of new events to `projection` and advance its checkpoint,
 * in one transaction. Returns how many events the batch applied: 0 when
 * nothing can be applied yet, or when another runner holds the projection
 * right now (that runner carries on; runners never apply a batch twice).
 */
export function projectBatch(db: Database, projection: Projection, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  return runBatch(db, projection, batchSize, "skip");
}

/**
 * Apply batches until the projection has applied every event committed
 * before the call, waiting where it must: for an older transaction still
 * running (the events after it wait for it, see runBatch), or for another
 * runner holding the projection. Returns how many events this call applied.
 */
export function catchUp(db: Database, projection: Projection, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  return applyThroughHead(db, projection, batchSize, "skip");
}

/**
 * Empty the read model and replay it from the start of the log, through
 * every event committed before the call. Waits for a runner in the middle of
 * a batch instead of skipping. Returns how many events were applied.
 */
export async function rebuild(db: Database, projection: Projection, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  await db.transaction(async (tx) => {
    // Lock before emptying: a batch in flight elsewhere commits first, and the
    // reset then sees (and removes) what it wrote.
    await lockCheckpoint(tx, projection, "wait");
    await projection.reset(tx);
    await tx.execute(sql`UPDATE projection_checkpoints SET last_tx = '0'::xid8, last_seq = 0, updated_at = now() WHERE name = ${projection.name}`);
  });
  return applyThroughHead(db, projection, batchSize, "wait");
}

/** The last committed event in log order; undefined while the log is empty. */
export async function logHead(db: Database): Promise<LogPosition | undefined> {
  const [head] = await queryRows<{ tx: string; seq: string | number }>(db, sql`SELECT tx::text AS tx, seq FROM events ORDER BY tx DESC, seq DESC LIMIT 1`);
  return head && { tx: head.tx, seq: Number(head.seq) };
}

/** Whether `projection` has applied the log up to and including `position`. */
export async function hasReached(db: Database, projection: Projection, position: LogPosition): Promise<boolean> {
  const [row] = await queryRows<{ reached: boolean }>(
    db,
    sql`SELECT (last_tx, last_seq) >= (${position.tx}::xid8, ${position.seq}::bigint) AS reached FROM projection_checkpoints WHERE name = ${projection.name}`,
  );
  return row?.reached ?? false;
}

async function applyThroughHead(db: Database, projection: Projection, batchSize: number, lockMode: LockMode): Promise<number> {
  const head = await logHead(db);
  let applied = 0;
  for (let idle = 0; head; ) {
    const batch = await runBatch(db, projection, batchSize, lockMode);
    applied += batch;
    if (batch > 0) idle = 0;
    else if (await hasReached(db, projection, head)) break;
    else await sleep(Math.min(5 * 2 ** idle++, 200)); // an older transaction, or another runner, is still at work
  }
  return applied;
}

async function runBatch(db: Database, projection: Projection, batchSize: number, lockMode: LockMode): Promise<number> {
  return db.transaction(async (tx) => {
    const after = await lockCheckpoint(tx, projection, lockMode);
    if (!after) return 0;
    const range = await nextRange(tx, after, batchSize);
    if (!range) return 0;
    await projection.apply(tx, range);
    await tx.execute(sql`
      UPDATE projection_checkpoints SET last_tx = ${range.through.tx}::xid8, last_seq = ${range.through.seq}, updated_at = now()
      WHERE name = ${projection.name}`);
    return range.rows;
  });
}

/**
 * The next at most `batchSize` rows of the log after `after` that `within`
 * admits, as a range to apply; undefined when there are none.
 *
 * By default, only below the oldest transaction still running (the
 * snapshot's xmin). The log is read in (tx, seq) order: sequence numbers are
 * taken when a row is inserted but become visible when its transaction
 * commits, so reading by seq alone could pass over a row whose transaction
 * commits after a higher seq was read. A transaction below xmin has ended, so
 * no row can ever appear behind the checkpoint; rows of transactions at or
 * above xmin wait for a later batch. Limit and xmin come from one statement,
 * hence one snapshot.
 */
export async function nextRange(
  tx: Transaction,
  after: LogPosition,
  batchSize: number,
  within: SQL = sql`tx < pg_snapshot_xmin(pg_current_snapshot())`,
): Promise<LogRange | undefined> {
  const [batch] = await queryRows<{ rows: number; tx: string; seq: string }>(
    tx,
    sql`WITH batch AS (
          SELECT tx, seq FROM events
          WHERE (tx, seq) > (${after.tx}::xid8, ${after.seq}::bigint)
            AND ${within}
          ORDER BY tx, seq
          LIMIT ${batchSize})
        SELECT (SELECT count(*) FROM batch)::int AS rows, last.tx::text AS tx, last.seq
        FROM (SELECT tx, seq FROM batch ORDER BY tx DESC, seq DESC LIMIT 1) last`,
  );
  return batch && { after, through: { tx: batch.tx, seq: Number(batch.seq) }, rows: Number(batch.rows) };
}

/**
 * Lock the projection's checkpoint row for the transaction (creating it at
 * the start of the log if missing) and return its position; with "skip",
 * undefined when another transaction holds it.
 */
export async function lockCheckpoint(tx: Transaction, projection: Projection, lockMode: LockMode): Promise<LogPosition | undefined> {
  await tx.insert(projectionCheckpoints).values({ name: projection.name }).onConflictDoNothing();
  const [checkpoint] = await queryRows<{ last_tx: string; last_seq: string }>(
    tx,
    sql`SELECT last_tx::text AS last_tx, last_seq FROM projection_checkpoints WHERE name = ${projection.name}
        FOR UPDATE ${lockMode === "skip" ? sql`SKIP LOCKED` : sql``}`,
  );
  return checkpoint && { tx: checkpoint.last_tx, seq: Number(checkpoint.last_seq) };
}
