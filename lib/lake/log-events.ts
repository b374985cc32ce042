import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { LAKE_COLUMNS, type LakeEvent } from "./parquet-schema";

/**
 * The select list that reads `events` rows as the lake stores them: columns
 * as text where drivers disagree or lose precision (bigint, uuid, jsonb;
 * times as exact epoch microseconds), each named by its LakeEvent key.
 */
export const LAKE_EVENT_COLUMNS: SQL = sql.join(
  LAKE_COLUMNS.map(({ key, name, type }) => {
    const column = sql.identifier(name);
    const value =
      type === "TIMESTAMPTZ" ? sql`(extract(epoch FROM ${column}) * 1000000)::bigint::text` : type === "INTEGER" || type === "SMALLINT" ? column : sql`${column}::text`;
    return sql`${value} AS ${sql.identifier(key)}`;
  }),
  sql`, `,
);

/** A row selected with LAKE_EVENT_COLUMNS as a LakeEvent. */
export function lakeEventOfRow(row: Record<string, unknown>): LakeEvent {
  const event: Record<string, unknown> = {};
  for (const { key, type } of LAKE_COLUMNS) {
    const value = row[key];
    event[key] = value === null ? null : type === "TIMESTAMPTZ" ? BigInt(value as string) : type === "BIGINT" ? Number(value) : value;
  }
  return event as LakeEvent;
}
