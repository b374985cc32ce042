import type { Database } from "@/lib/db";

/** The transaction handle drizzle gives `db.transaction` callbacks. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * A read model fed from the events log. `apply` folds the events with
 * `fromSeq < seq <= toSeq` into the read model inside the caller's
 * transaction, which also advances the checkpoint: both commit or neither.
 */
export interface Projection {
  name: string;
  apply(tx: Transaction, range: { fromSeq: number; toSeq: number }): Promise<void>;
  /** Empty the read model (for a rebuild from the log). */
  reset(tx: Transaction): Promise<void>;
}
