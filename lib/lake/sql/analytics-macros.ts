/**
 * DuckDB macros the question box's SQL may call, created after the views of
 * lib/lake/sql/views.ts. DuckDB-WASM 1.28 has no JSON extension, so event
 * properties are read from the `props` JSON text with regular expressions.
 */

/** Regex metacharacters of RE2, escaped so a property key matches as itself. */
const KEY_AS_REGEX = String.raw`regexp_replace(key, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g')`;

/**
 * The pattern of one top-level `"key": value` pair: group 1 is the raw value,
 * group 2 a string value's inside. The pair must follow `{` or `,`, so a key
 * is not found inside another key's name; a string value that itself holds
 * `, "key": ` could still fool it, which event properties do not do.
 */
const PAIR_PATTERN = String.raw`'[{,]\s*"' || ${KEY_AS_REGEX} || '"\s*:\s*("((?:[^"\\]|\\.)*)"|[^,}\s]+)'`;

/**
 * `prop(props, key)`: the top-level property `key` of `props` as text, the
 * way the dashboard shows it (PropertyRow in lib/query/dashboard-model.ts):
 * a string's value with its simple escapes undone, any other value (numbers,
 * booleans, null) as its JSON text; NULL when the key is missing.
 */
export const ANALYTICS_MACROS_SQL: string[] = [
  String.raw`CREATE OR REPLACE MACRO prop(props, key) AS
  CASE WHEN regexp_matches(props, ${PAIR_PATTERN}) THEN
    CASE WHEN left(regexp_extract(props, ${PAIR_PATTERN}, 1), 1) = '"'
      THEN regexp_replace(regexp_extract(props, ${PAIR_PATTERN}, 2), '\\(.)', '\1', 'g')
      ELSE regexp_extract(props, ${PAIR_PATTERN}, 1)
    END
  END`,
];
