import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { NlqContext } from "./nlq-types";

/** How far back property keys are looked for: recent keys are the ones worth asking about, and the scan stays bounded. */
const PROPERTY_KEY_DAYS = 90;

/**
 * What an engine knows about a site (NlqContext), read from the read models:
 * custom event names from the `daily_stats` rollup (all history, most events
 * first: one row per day and name), property keys per event from
 * `hourly_hits` over the last PROPERTY_KEY_DAYS days (most hits first). The
 * read models keep their rows when the log's old days move to the lake, so
 * both cover the whole history the lake holds. The caller has checked that
 * its reader may read the site.
 */
export async function loadNlqContext(db: Database, site: { id: string; timeZone: string }, now: Date = new Date()): Promise<NlqContext> {
  const [names, keys] = await Promise.all([
    queryRows<{ name: string }>(
      db,
      sql`SELECT value AS name FROM daily_stats
          WHERE site_id = ${site.id}::uuid AND dimension = 'event'
          GROUP BY value
          ORDER BY sum(events) DESC, value COLLATE "C"`,
    ),
    queryRows<{ name: string; key: string }>(
      db,
      sql`SELECT name, prop_key AS key FROM hourly_hits
          WHERE site_id = ${site.id}::uuid AND kind = 'prop'
            AND hour_local >= (${now.toISOString()}::timestamptz AT TIME ZONE ${site.timeZone}) - make_interval(days => ${PROPERTY_KEY_DAYS})
          GROUP BY name, prop_key
          ORDER BY sum(hits) DESC, name COLLATE "C", prop_key COLLATE "C"`,
    ),
  ]);
  const propertyKeys: Record<string, string[]> = {};
  for (const { name, key } of keys) (propertyKeys[name] ??= []).push(key);
  return { timeZone: site.timeZone, now, eventNames: names.map((row) => row.name), propertyKeys };
}
