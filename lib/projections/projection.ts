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

/** The rows after `after` up to and including `through`. */
export interface LogRange {
  after: LogPosition;
  through: LogPosition;
}

/** SQL condition selecting the log rows of `range`; `alias` names the events table in the query. */
export function inLogRange(range: LogRange, alias = "events"): SQL {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  return sql`(${column("tx")}, ${column("seq")}) > (${range.after.tx}::xid8, ${range.after.seq}::bigint)
    AND (${column("tx")}, ${column("seq")}) <= (${range.through.tx}::xid8, ${range.through.seq}::bigint)`;
}

/**
 * A read model fed from the events log. `apply` folds the rows of `range`
 * into the read model inside the caller's transaction, which also advances
 * the checkpoint: both commit or neither.
 */
export interface Projection {
  name: string;
  apply(tx: Transaction, range: LogRange): Promise<void>;
  /** Empty the read model (for a rebuild from the log). */
  reset(tx: Transaction): Promise<void>;
}
