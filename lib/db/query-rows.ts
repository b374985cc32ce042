import type { SQL } from "drizzle-orm";
import type { Database } from "./open-database";

type Executor = Pick<Database, "execute">;

/**
 * Run raw SQL and return its rows. The drivers disagree on what `execute`
 * returns beyond `rows`, and on types: bigint and numeric come back as strings.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
