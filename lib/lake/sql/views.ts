/**
 * The analytics schema that SQL in the browser (the dashboard beyond the hot
 * window, the Explore page, the question box) reads: the views `events` and
 * `sessions` over the site's lake files and its recent tail.
 *
 * PLACEHOLDER: the real definitions (local time without ICU, sessions by the
 * rules of lib/query/dashboard-model.ts) replace this file.
 */
export interface LakeViewSources {
  /** Names under which the Parquet files (lake files and the tail) were registered with DuckDB. */
  parquetFiles: string[];
  /** The site's IANA time zone: `events.local_ts` is the event's wall-clock time there. */
  timeZone: string;
}

/** The statements that (re)create the views, in order. */
export function analyticsViewsSql(sources: LakeViewSources): string[] {
  const files = sources.parquetFiles.map((name) => `'${name.replaceAll("'", "''")}'`).join(", ");
  return [`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet([${files}], union_by_name = true)`];
}
