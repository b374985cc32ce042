import type { BreakdownRow, Dimension } from "./dashboard-model";

/**
 * Spreadsheets run a cell that starts with one of these as a formula, and a
 * value here is whatever a visitor's browser sent (a referrer, a UTM tag).
 * Such cells get a leading apostrophe, the usual guard against CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: guarded against formulas, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number): string {
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A breakdown as CSV with a header row, CRLF line ends; custom events count events where the rest count pageviews. */
export function breakdownCsv(dimension: Dimension, rows: readonly BreakdownRow[]): string {
  const count = dimension === "event" ? "events" : "pageviews";
  const lines = [[dimension, "visitors", "visits", count].join(",")];
  for (const row of rows) lines.push([csvField(row.value), row.visitors, row.visits, row[count]].join(","));
  return `${lines.join("\r\n")}\r\n`;
}
