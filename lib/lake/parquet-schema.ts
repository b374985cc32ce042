import { getTableColumns } from "drizzle-orm";
import { EVENT_SCHEMA_VERSION, events, type EventRow } from "@/lib/db/schema";

/**
 * One event as the lake stores it: every column of the log that analysis
 * reads. Left out:
 * - `tx`, a Postgres transaction id, meaningless outside its database;
 * - `id`, the browser-made UUID: its work (deduplicating retries at
 *   ingestion) is done once the event is in the log, and its 10 random bytes
 *   cost more than half of a file (15 of 32 bytes an event, measured on demo
 *   traffic); `seq`, unique in the log, is the event's identity in the lake;
 * - `received_at`, arrival time, an operational figure (3 bytes an event).
 * `ts` is microseconds since the Unix epoch, the log's full precision, and
 * `props` the JSON text Postgres gives for the jsonb value.
 */
export type LakeEvent = Omit<EventRow, "tx" | "id" | "ts" | "receivedAt" | "props"> & {
  ts: bigint;
  props: string | null;
};

/** The DuckDB types the lake's Parquet columns are written as. */
type LakeColumnType = "UUID" | "VARCHAR" | "BIGINT" | "INTEGER" | "SMALLINT" | "TIMESTAMPTZ";

/**
 * Column types of a lake file, in the log's column order. Typed by LakeEvent's
 * keys, so a column added to `events` does not compile until it is given a
 * type here (and so a place in every file written after that).
 */
const LAKE_COLUMN_TYPES = {
  siteId: "UUID",
  seq: "BIGINT",
  name: "VARCHAR",
  ts: "TIMESTAMPTZ",
  visitorId: "VARCHAR",
  userId: "VARCHAR",
  hostname: "VARCHAR",
  path: "VARCHAR",
  referrer: "VARCHAR",
  referrerHost: "VARCHAR",
  utmSource: "VARCHAR",
  utmMedium: "VARCHAR",
  utmCampaign: "VARCHAR",
  utmTerm: "VARCHAR",
  utmContent: "VARCHAR",
  country: "VARCHAR",
  region: "VARCHAR",
  city: "VARCHAR",
  browser: "VARCHAR",
  browserVersion: "VARCHAR",
  os: "VARCHAR",
  osVersion: "VARCHAR",
  deviceType: "VARCHAR",
  screenWidth: "INTEGER",
  language: "VARCHAR",
  props: "VARCHAR",
  schemaVersion: "SMALLINT",
} as const satisfies Record<keyof LakeEvent, LakeColumnType>;

export interface LakeColumn {
  key: keyof LakeEvent;
  /** The Parquet (and SQL) column name: the log's own. */
  name: string;
  type: LakeColumnType;
}

const logColumns = getTableColumns(events);

/** The columns of every lake file, in order. */
export const LAKE_COLUMNS: readonly LakeColumn[] = (Object.keys(LAKE_COLUMN_TYPES) as (keyof LakeEvent)[]).map((key) => ({
  key,
  name: logColumns[key].name,
  type: LAKE_COLUMN_TYPES[key],
}));

/**
 * The layout version a file is written in; the manifest and the file's
 * key-value metadata (`inlet_schema_version`) carry it. It is the event
 * schema version: the columns above change exactly when that is bumped.
 */
export const LAKE_SCHEMA_VERSION = EVENT_SCHEMA_VERSION;

/**
 * Rows per row group. A row group is what a reader fetches (one HTTP range
 * per column it needs) or skips whole by its min/max statistics. At the
 * ~14 bytes an event takes compressed, 100k rows is under 1 MB for all
 * columns and tens of KB per column: few enough round trips for a month of a
 * busy site, small enough that a query on one hour of it fetches little more
 * than that hour. Most site-days have fewer events, so one group.
 */
export const LAKE_ROW_GROUP_ROWS = 100_000;
