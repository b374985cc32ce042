import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows, type Database } from "@/lib/db";
import type { Site } from "@/lib/tenancy/site";

export interface DailyPageviews {
  /** One entry per day, oldest first, today (in the site's time zone) last; days without data are 0. */
  days: { day: string; pageviews: number }[];
  total: number;
}

/**
 * Pageviews per day over the last `days` days of the site's calendar, today
 * included, from the daily_pageviews read model. "Today" is taken in the
 * site's time zone by Postgres, the same way the projection assigns events to
 * days, so an event near midnight lands on the same day in both.
 *
 * The caller passes a site it got from `getSiteForUserOrThrow`: this query
 * trusts that the reader may see it.
 */
export async function getDailyPageviews(
  site: Pick<Site, "id" | "timeZone">,
  options: { days: number; now?: Date },
  db?: Database,
): Promise<DailyPageviews> {
  const { days, now = new Date() } = options;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be 1..366, got ${days}`);
  const database = db ?? (await getDb());
  const rows = await queryRows<{ day: string; pageviews: string | number }>(
    database,
    sql`
      WITH calendar AS (
        SELECT ((${now.toISOString()}::timestamptz AT TIME ZONE ${site.timeZone})::date - offs) AS day
        FROM generate_series(0, ${days}::int - 1) AS offs
      )
      SELECT to_char(calendar.day, 'YYYY-MM-DD') AS day, coalesce(dp.pageviews, 0) AS pageviews
      FROM calendar
      LEFT JOIN daily_pageviews dp ON dp.site_id = ${site.id}::uuid AND dp.day = calendar.day
      ORDER BY calendar.day`,
  );
  // bigint arrives as a string; a day's count is far below 2^53.
  const series = rows.map((row) => ({ day: row.day, pageviews: Number(row.pageviews) }));
  return { days: series, total: series.reduce((sum, row) => sum + row.pageviews, 0) };
}
