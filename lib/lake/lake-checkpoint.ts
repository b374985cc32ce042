import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { LogPosition } from "@/lib/projections/projection";

/**
 * The lake's row in projection_checkpoints: the last log position its listed
 * files hold. Every event at or before it is in exactly one listed file;
 * none after it is (lib/lake/export-micro-batch.ts).
 */
export const LAKE_CHECKPOINT = "lake";

/** The lake's checkpoint (created at the start of the log if missing). */
export async function lakeCheckpoint(db: Database): Promise<LogPosition> {
  await db.execute(sql`INSERT INTO projection_checkpoints (name) VALUES (${LAKE_CHECKPOINT}) ON CONFLICT DO NOTHING`);
  const [row] = await queryRows<{ tx: string; seq: string | number }>(db, sql`SELECT last_tx::text AS tx, last_seq AS seq FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}`);
  return { tx: row!.tx, seq: Number(row!.seq) };
}

/** How far the lake is behind the log: the age in ms of the oldest event (by arrival) not in a listed file yet; 0 when none. */
export async function lakeLagMs(db: Database): Promise<number> {
  const [row] = await queryRows<{ lag_ms: number | null }>(
    db,
    sql`SELECT (extract(epoch FROM now() - first.received_at) * 1000)::float8 AS lag_ms
        FROM (SELECT coalesce((SELECT last_tx FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}), '0'::xid8) AS tx,
                     coalesce((SELECT last_seq FROM projection_checkpoints WHERE name = ${LAKE_CHECKPOINT}), 0) AS seq) c
        CROSS JOIN LATERAL (SELECT e.received_at FROM events e WHERE (e.tx, e.seq) > (c.tx, c.seq) ORDER BY e.tx, e.seq LIMIT 1) first`,
  );
  return row?.lag_ms == null ? 0 : Math.max(0, Math.round(Number(row.lag_ms)));
}
