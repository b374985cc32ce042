import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database } from "@/lib/db";
import type { LogPosition } from "@/lib/projections/projection";
import { lakeEventOfRow, LAKE_EVENT_COLUMNS } from "./log-events";
import { writeEventsParquet } from "./parquet-writer";

/**
 * The most events a tail answers. The lake is at most minutes behind the
 * log, so a site's tail is small; the bound keeps a stalled exporter from
 * turning one request into a dump of the log.
 */
export const LAKE_TAIL_MAX_ROWS = 200_000;

/** A log position as the tail URL carries it: `<tx>.<seq>`, both decimal. */
export const logPositionParam = z
  .string()
  .regex(/^\d{1,20}\.\d{1,19}$/, "after must be a log position <tx>.<seq>")
  .transform((value): LogPosition => {
    const [tx, seq] = value.split(".") as [string, string];
    return { tx, seq: Number(seq) };
  });

/** `after` as a tail URL's parameter. */
export function formatLogPosition(position: LogPosition): string {
  return `${position.tx}.${position.seq}`;
}

export interface LakeTail {
  /** A Parquet file with the lake files' columns and layout (writeEventsParquet). */
  parquet: Uint8Array<ArrayBuffer>;
  rows: number;
  /** More than LAKE_TAIL_MAX_ROWS events followed `after`: the file holds the first ones in log order. */
  truncated: boolean;
}

/**
 * The site's events after log position `after` (the lake checkpoint a
 * listing answered) as one Parquet file, so a browser's `events` view over
 * the listed files and this one is complete up to now. The walk follows the
 * (tx, seq) index from `after`, which the lake keeps a few minutes from the
 * log's end.
 */
export async function readLakeTail(db: Database, siteId: string, after: LogPosition, limit = LAKE_TAIL_MAX_ROWS): Promise<LakeTail> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT ${LAKE_EVENT_COLUMNS} FROM events
        WHERE site_id = ${siteId} AND (tx, seq) > (${after.tx}::xid8, ${after.seq}::bigint)
        ORDER BY tx, seq
        LIMIT ${limit + 1}`,
  );
  const truncated = rows.length > limit;
  const events = rows.slice(0, limit).map(lakeEventOfRow);
  // A copy on an ArrayBuffer of its own: what a Response body takes.
  return { parquet: new Uint8Array(await writeEventsParquet(events)), rows: events.length, truncated };
}
