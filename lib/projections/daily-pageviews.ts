import "server-only";
import { eq, sql } from "drizzle-orm";
import { dailyPageviews } from "@/lib/db/schema";
import { logRows, type Projection } from "./projection";

/** Pageviews per site per day, the day taken in the site's time zone. */
export const dailyPageviewsProjection: Projection = {
  name: "daily_pageviews",
  async apply(tx, range) {
    await tx.execute(sql`
      INSERT INTO daily_pageviews (site_id, day, pageviews)
      SELECT e.site_id, (e.ts AT TIME ZONE s.time_zone)::date, count(*)
      FROM ${logRows(range)} e JOIN sites s ON s.id = e.site_id
      WHERE e.name = 'pageview'
      GROUP BY 1, 2
      ON CONFLICT (site_id, day) DO UPDATE SET pageviews = daily_pageviews.pageviews + excluded.pageviews`);
  },
  async reset(tx, siteId) {
    await tx.delete(dailyPageviews).where(siteId === undefined ? undefined : eq(dailyPageviews.siteId, siteId));
  },
};
