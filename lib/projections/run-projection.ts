import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import { projectionCheckpoints } from "@/lib/db/schema";
import type { Projection } from "./projection";

export const DEFAULT_BATCH_SIZE = 50_000;

/**
 * Apply one batch of new events to `projection`. The checkpoint row is locked
 * for the transaction, so concurrent runners take turns instead of applying a
 * batch twice. Returns how many sequence numbers the checkpoint advanced.
 *
 * Known gap (issue 4): on a multi-connection Postgres an event whose
 * transaction commits after a higher `seq` is already visible can be passed
 * over. PGlite has one connection, so the embedded default is not affected.
 */
export async function projectBatch(db: Database, projection: Projection, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(projectionCheckpoints).values({ name: projection.name, lastSeq: 0 }).onConflictDoNothing();
    const [checkpoint] = await queryRows<{ last_seq: string }>(
      tx,
      sql`SELECT last_seq FROM projection_checkpoints WHERE name = ${projection.name} FOR UPDATE`,
    );
    const fromSeq = Number(checkpoint!.last_seq);
    const [head] = await queryRows<{ max_seq: string | null }>(
      tx,
      sql`SELECT max(seq) AS max_seq FROM (SELECT seq FROM events WHERE seq > ${fromSeq} ORDER BY seq LIMIT ${batchSize}) batch`,
    );
    if (head?.max_seq == null) return 0;
    const toSeq = Number(head.max_seq);
    await projection.apply(tx, { fromSeq, toSeq });
    await tx.execute(sql`UPDATE projection_checkpoints SET last_seq = ${toSeq}, updated_at = now() WHERE name = ${projection.name}`);
    return toSeq - fromSeq;
  });
}

/** Apply batches until the projection has read the whole log. */
export async function catchUp(db: Database, projection: Projection, batchSize = DEFAULT_BATCH_SIZE): Promise<void> {
  while ((await projectBatch(db, projection, batchSize)) > 0) {
    // keep going: each batch commits on its own
  }
}

/** Empty the read model and replay it from the start of the log. */
export async function rebuild(db: Database, projection: Projection): Promise<void> {
  await db.transaction(async (tx) => {
    await projection.reset(tx);
    await tx.insert(projectionCheckpoints).values({ name: projection.name, lastSeq: 0 }).onConflictDoUpdate({
      target: projectionCheckpoints.name,
      set: { lastSeq: 0, updatedAt: sql`now()` },
    });
  });
  await catchUp(db, projection);
}
