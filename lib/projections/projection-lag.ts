import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { LogPosition, Projection } from "./projection";

/** How far behind the log one projection is. */
export interface ProjectionLag {
  name: string;
  /** The last log position applied; tx "0", seq 0 before the first batch. */
  checkpoint: LogPosition;
  /** When the checkpoint last moved; null before the first batch. */
  updatedAt: Date | null;
  /** When the first event not yet applied was received; null when caught up. */
  oldestUnprojectedAt: Date | null;
  /** Age of that event in milliseconds; 0 when caught up. */
  lagMs: number;
}

/** The lag of each of `projections`: the age of the oldest event it has not applied yet. */
export async function projectionLag(db: Database, projections: readonly Projection[]): Promise<ProjectionLag[]> {
  if (projections.length === 0) return [];
  const names = sql.join(
    projections.map((projection) => sql`(${projection.name}::text)`),
    sql`, `,
  );
  // "Oldest" in log order, the order the projection reads in: the first row
  // past the checkpoint is the one holding the projection back. Times travel
  // as epoch milliseconds: the drivers disagree on timestamp types.
  const rows = await queryRows<{ name: string; last_tx: string; last_seq: string | number; updated_ms: number | null; oldest_ms: number | null; now_ms: number }>(
    db,
    sql`SELECT p.name, coalesce(c.last_tx, '0'::xid8)::text AS last_tx, coalesce(c.last_seq, 0) AS last_seq,
               (extract(epoch FROM c.updated_at) * 1000)::float8 AS updated_ms,
               (extract(epoch FROM first.received_at) * 1000)::float8 AS oldest_ms,
               (extract(epoch FROM now()) * 1000)::float8 AS now_ms
        FROM (VALUES ${names}) AS p(name)
        LEFT JOIN projection_checkpoints c ON c.name = p.name
        LEFT JOIN LATERAL (
          SELECT e.received_at FROM events e
          WHERE (e.tx, e.seq) > (coalesce(c.last_tx, '0'::xid8), coalesce(c.last_seq, 0))
          ORDER BY e.tx, e.seq LIMIT 1) first ON true`,
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  return projections.map(({ name }) => {
    const row = byName.get(name)!;
    return {
      name,
      checkpoint: { tx: row.last_tx, seq: Number(row.last_seq) },
      updatedAt: row.updated_ms === null ? null : new Date(row.updated_ms),
      oldestUnprojectedAt: row.oldest_ms === null ? null : new Date(row.oldest_ms),
      lagMs: row.oldest_ms === null ? 0 : Math.max(0, Math.round(row.now_ms - row.oldest_ms)),
    };
  });
}
