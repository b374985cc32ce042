import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/lib/db";

/** The transaction handle drizzle gives `db.transaction` callbacks. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** A position in the events log: rows are read in (tx, seq) order. */
export interface LogPosition {
  /** xid8 of the appending transaction, as decimal text. */
  tx: string;
  seq: number;
}

/** The rows after `after` up to and including `through`: `rows` of them. */
export interface LogRange {
  after: LogPosition;
  through: LogPosition;
  rows: number;
  /** Only this site's rows (`rows` then counts those): a per-site replay (reproject-site.ts). */
  siteId?: string;
}

/**
 * The log rows of `range`, as a subquery to select from. ORDER BY and LIMIT
 * make it a walk along the (tx, seq) index: from the row comparisons alone
 * the planner could not tell how few rows they select, and over a 10M-event
 * log it scanned the whole table for a batch (81 s, past the pool's timeout).
 */
export function logRows(range: LogRange): SQL {
  return sql`(
    SELECT * FROM events
    WHERE (tx, seq) > (${range.after.tx}::xid8, ${range.after.seq}::bigint)
      AND (tx, seq) <= (${range.through.tx}::xid8, ${range.through.seq}::bigint)
      ${range.siteId === undefined ? sql`` : sql`AND site_id = ${range.siteId}`}
    ORDER BY tx, seq LIMIT ${range.rows})`;
}

/**
 * A read model fed from the events log. `apply` folds the rows of `range`
 * into the read model inside the caller's transaction, which also advances
 * the checkpoint: both commit or neither.
 */
export interface Projection {
  name: string;
  apply(tx: Transaction, range: LogRange): Promise<void>;
  /** Empty the read model (for a rebuild from the log), or only `siteId`'s rows of it. */
  reset(tx: Transaction, siteId?: string): Promise<void>;
}
