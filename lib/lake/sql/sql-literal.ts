/**
 * Values written into the browser's SQL. DuckDB-WASM takes statements as
 * text, and filter values come from URLs, so every value goes through here.
 */

/**
 * `text` as a SQL string literal. DuckDB's standard strings know one escape,
 * the doubled quote (a backslash is an ordinary character); NUL cannot be
 * held and is refused.
 */
export function quoteString(text: string): string {
  if (text.includes("\u0000")) throw new RangeError("a SQL string cannot hold NUL");
  return `'${text.replaceAll("'", "''")}'`;
}

const HOUR_LABEL = /^\d{4}-\d{2}-\d{2}T\d{2}:00$/;

/** A local hour label `YYYY-MM-DDTHH:00` as a TIMESTAMP literal; anything else is refused. */
export function hourLiteral(label: string): string {
  if (!HOUR_LABEL.test(label) || Number.isNaN(Date.parse(`${label}:00Z`))) throw new RangeError(`not a local hour YYYY-MM-DDTHH:00: ${JSON.stringify(label)}`);
  return `TIMESTAMP '${label.replace("T", " ")}:00'`;
}
