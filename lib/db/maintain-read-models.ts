import { sql } from "drizzle-orm";
import type { Database } from "./open-database";

/**
 * Reclaim the dead rows the projections leave behind and refresh the
 * planner's statistics. Postgres's autovacuum does this on a server; PGlite
 * has none, and without it the read models (rewritten visitor by visitor)
 * only grow, and the planner keeps judging them by their first, empty state:
 * it then picked plans that scanned a range once per session.
 * The log is append-only: it needs fresh statistics, not a vacuum.
 */
export async function maintainReadModels(db: Database): Promise<void> {
  await db.execute(sql`VACUUM (ANALYZE) sessions, hourly_hits, daily_stats, multi_day_visitors, daily_pageviews, projection_checkpoints`);
  await db.execute(sql`ANALYZE events`);
}
