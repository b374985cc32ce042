// The PostgreSQL build alone (300 kB, not the 6 MB of every dialect). It is
// CommonJS: Node's ESM loader (tsx) gives only its default export.
import postgresqlParser from "node-sql-parser/build/postgresql";
import type { GuardVerdict } from "./nlq-types";

/**
 * The question box's SQL guard: SQL from an engine or typed by the user runs
 * only as one read-only SELECT over the analytics views, calling only the
 * functions below, under a row limit. Pure and synchronous, for the browser
 * and Node alike.
 *
 * Three layers, each able to refuse on its own:
 * 1. A lexer with DuckDB's rules for strings, quoted names and comments. It
 *    drops the comments, refuses `;` (but one at the end), `$` (dollar quotes,
 *    parameters), prefixed strings (E'', X''), characters outside ASCII
 *    beyond strings and unbalanced parentheses, and checks every `name(` it
 *    sees against the functions allowed. What it rebuilds is the only text
 *    that is parsed and run, so a comment the parser and DuckDB read
 *    differently cannot hide anything.
 * 2. node-sql-parser (PostgreSQL dialect, the nearest to DuckDB's own
 *    Postgres-derived grammar) parses it: one SELECT, relations among the
 *    views and the query's own CTEs, functions from the allowlist, expression
 *    kinds from a known list.
 * 3. The text runs inside `SELECT * FROM (…) AS guarded LIMIT n`: with
 *    balanced parentheses and no `;`, DuckDB can only read it as a subquery.
 *
 * Not understood by the parser, so refused (write it another way): `//`
 * (use floor(a / b)), `SELECT * EXCLUDE`, QUALIFY, aggregate ORDER BY
 * (`first(x ORDER BY ts)`: use arg_min(x, ts)), IS [NOT] DISTINCT FROM,
 * GROUP BY ALL / ORDER BY ALL, substring(x FROM a FOR b), try_cast, `""`
 * inside a quoted name, CTE column lists `WITH t(a) AS`.
 *
 * Refused on purpose: schema-qualified relations (`main.events`: the views
 * need no schema, and one could reach past them), CTEs named like a view,
 * WITH RECURSIVE, VALUES and every table function in FROM, `DATE'…'` with no
 * space before the quote, characters outside ASCII except in strings and
 * quoted names.
 */

/** The views of lib/lake/sql/views.ts that the question box may read. */
export const ALLOWED_RELATIONS: readonly string[] = ["events", "sessions", "events_in_sessions"];

/**
 * Functions the SQL may call, lower case: what analytics over the views
 * needs in DuckDB 0.9. Nothing that reads files or URLs, lists the
 * catalogue, reads settings or the environment, or changes state; no table
 * functions (nothing may stand in FROM but a view, a CTE or a subquery).
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates
  "count", "sum", "avg", "mean", "min", "max", "arg_max", "arg_min", "max_by", "min_by", "median", "mode",
  "quantile", "quantile_cont", "quantile_disc", "approx_quantile", "approx_count_distinct", "stddev", "stddev_pop",
  "stddev_samp", "variance", "var_pop", "var_samp", "first", "last", "any_value", "string_agg", "group_concat",
  "list", "array_agg", "bool_and", "bool_or", "count_if", "countif", "histogram",
  // conditionals
  "coalesce", "nullif", "ifnull", "greatest", "least", "if",
  // strings
  "lower", "upper", "lcase", "ucase", "length", "strlen", "substr", "substring", "concat", "concat_ws", "replace",
  "trim", "ltrim", "rtrim", "left", "right", "lpad", "rpad", "split_part", "strpos", "instr", "position", "contains",
  "starts_with", "ends_with", "prefix", "suffix", "regexp_extract", "regexp_matches", "regexp_replace",
  "regexp_full_match", "string_split", "reverse", "repeat",
  // dates and times
  "strftime", "strptime", "date_trunc", "datetrunc", "date_part", "datepart", "date_diff", "datediff", "date_sub",
  "epoch", "epoch_ms", "epoch_us", "make_date", "make_time", "make_timestamp", "to_timestamp", "time_bucket",
  "to_days", "to_hours", "to_minutes", "to_seconds", "to_weeks", "to_months", "to_years", "year", "month", "day",
  "hour", "minute", "second", "week", "weekofyear", "yearweek", "dayofweek", "isodow", "dayofyear", "dayofmonth",
  "quarter", "dayname", "monthname", "last_day", "age", "now", "today",
  // math
  "round", "floor", "ceil", "ceiling", "abs", "sign", "sqrt", "power", "pow", "ln", "log", "log2", "log10", "exp",
  "mod", "trunc",
  // windows
  "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
  "last_value", "nth_value",
  // lists
  "len", "array_length", "list_contains", "list_sort",
  // the macro of lib/lake/sql/analytics-macros.ts
  "prop",
]);

/** Rows a guarded query returns at most, unless the caller asks for fewer or more. */
export const DEFAULT_MAX_ROWS = 10_000;

/** Longer SQL is refused before it is read: no analytics question needs it. */
export const MAX_SQL_LENGTH = 20_000;

/**
 * How long a guarded query may run. The guard cannot stop a query: the
 * runner (the browser's lake runtime, `npm run nlq`) cancels it after this.
 */
export const QUERY_TIME_LIMIT_MS = 30_000;

/** Decide whether `sql` may run; when it may, the SQL to run, its rows limited to `maxRows`. */
export function guardSql(sql: string, options: { maxRows?: number } = {}): GuardVerdict {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  try {
    const text = checkText(sql);
    checkStatement(text);
    return { ok: true, sql: `SELECT * FROM (\n${text}\n) AS guarded LIMIT ${maxRows}` };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A reason the guard refuses; anything else thrown is a bug. */
class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

type Token = { kind: "word" | "quoted" | "string" | "number" | "symbol" | "space"; text: string };

/** Words that may stand before `(` without being a function call. */
const KEYWORDS_BEFORE_PARENTHESIS = new Set([
  "all", "and", "any", "as", "between", "by", "case", "cast", "distinct", "else", "except", "exclude", "exists", "extract",
  "filter", "from", "having", "ilike", "in", "intersect", "interval", "is", "join", "lateral", "like", "limit", "not",
  "offset", "on", "or", "over", "select", "some", "then", "union", "using", "when", "where", "with",
  // types with a size: CAST(x AS DECIMAL(10, 2))
  "decimal", "numeric", "varchar",
]);

/** What may open the SQL: a query and nothing else. */
const QUERY_STARTS = new Set(["select", "with", "("]);

/** Lex `sql` with DuckDB's rules, refuse what no single SELECT holds, and give back its text without comments. */
function checkText(sql: string): string {
  if (sql.length > MAX_SQL_LENGTH) refuse(`the SQL is ${sql.length} characters long, more than ${MAX_SQL_LENGTH}`);
  const tokens = lex(sql);
  // One `;` may end the statement; anything after it but space is a second one.
  const last = tokens.findLastIndex((token) => token.kind !== "space");
  if (tokens[last]?.text === ";") tokens.splice(last);
  const meaningful = tokens.filter((token) => token.kind !== "space");
  const first = meaningful[0];
  if (first === undefined) refuse("the SQL is empty");
  if (meaningful.some((token) => token.text === ";")) refuse("several statements: only one may run");
  if (!QUERY_STARTS.has(first.text.toLowerCase())) refuse(`only SELECT is allowed, got ${first.kind === "word" ? first.text.toUpperCase() : first.text}`);
  let depth = 0;
  meaningful.forEach((token, index) => {
    if (token.text === "(") depth += 1;
    if (token.text === ")") depth -= 1;
    if (depth < 0) refuse("unbalanced parentheses: a `)` closes nothing");
    // DuckDB calls `name(` and `"name"(` alike, after a schema or not.
    if (meaningful[index + 1]?.text === "(" && (token.kind === "word" || token.kind === "quoted")) {
      const name = token.kind === "quoted" ? token.text.slice(1, -1).toLowerCase() : token.text.toLowerCase();
      if (token.kind === "quoted" || !KEYWORDS_BEFORE_PARENTHESIS.has(name)) checkFunctionName(name);
    }
  });
  if (depth !== 0) refuse("unbalanced parentheses: a `(` is never closed");
  // A recursive CTE can grow without end before the time limit stops it.
  if (meaningful.some((token) => token.kind === "word" && token.text.toLowerCase() === "recursive")) refuse("WITH RECURSIVE is not allowed");
  return tokens.map((token) => token.text).join("").trim();
}

/**
 * DuckDB's lexical rules where they matter: '' doubles a quote in a string
 * (a backslash is plain), "" in a quoted name, `--` runs to the line's end,
 * `/* … *\/` may nest (refused here). Comments come back as one space.
 */
function lex(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql.charAt(i);
    const rest = sql.slice(i, i + 2);
    if (/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(char)) refuse(`control character U+${char.charCodeAt(0).toString(16).padStart(4, "0")} in the SQL`);
    if (rest === "--") {
      const end = sql.indexOf("\n", i);
      tokens.push({ kind: "space", text: " " });
      i = end < 0 ? sql.length : end;
    } else if (rest === "/*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) refuse("a /* comment is never closed");
      if (sql.slice(i + 2, end).includes("/*")) refuse("nested comments are not allowed");
      tokens.push({ kind: "space", text: " " });
      i = end + 2;
    } else if (/\s/.test(char)) {
      const end = scan(sql, i, /\s/);
      tokens.push({ kind: "space", text: sql.slice(i, end) });
      i = end;
    } else if (char === "'" || char === '"') {
      const end = closingQuote(sql, i);
      const previous = tokens.at(-1);
      // E'…', X'…', U&'…': other string rules than the parser's; never needed here.
      if (char === "'" && previous && (previous.kind === "word" || previous.kind === "number")) refuse(`a string prefixed by ${previous.text} is not allowed`);
      tokens.push({ kind: char === "'" ? "string" : "quoted", text: sql.slice(i, end) });
      i = end;
    } else if (/[A-Za-z_]/.test(char)) {
      const end = scan(sql, i, /[A-Za-z0-9_]/);
      tokens.push({ kind: "word", text: sql.slice(i, end) });
      i = end;
    } else if (/[0-9]/.test(char)) {
      const end = scan(sql, i, /[0-9A-Za-z_.]/);
      tokens.push({ kind: "number", text: sql.slice(i, end) });
      i = end;
    } else if (char === "$") {
      refuse("`$` (dollar quotes, parameters) is not allowed");
    } else if (char.charCodeAt(0) > 0x7e) {
      refuse(`character ${JSON.stringify(char)} outside a string: only ASCII may stand there`);
    } else {
      tokens.push({ kind: "symbol", text: char });
      i += 1;
    }
  }
  return tokens;
}

function scan(sql: string, from: number, pattern: RegExp): number {
  let end = from;
  while (end < sql.length && pattern.test(sql.charAt(end))) end += 1;
  return end;
}

/** The index after the quote that closes the string or name opened at `from`. */
function closingQuote(sql: string, from: number): number {
  const quote = sql.charAt(from);
  let i = from + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end < 0) refuse(quote === "'" ? "a string is never closed" : "a quoted name is never closed");
    if (sql[end + 1] !== quote) return end + 1;
    i = end + 2;
  }
}

function checkFunctionName(name: string): void {
  if (!ALLOWED_FUNCTIONS.has(name)) refuse(`function \`${name}\` is not allowed`);
}

/** Expression and clause kinds of the parser's AST that plain analytics SQL produces. */
const ALLOWED_NODE_TYPES = new Set([
  "select", "expr", "expr_list", "column_ref", "star", "default", "number", "bool", "null", "single_quote_string",
  "double_quote_string", "binary_expr", "unary_expr", "function", "aggr_func", "window_func", "window", "cast",
  "case", "when", "else", "extract", "interval", "datatype", "date", "time", "timestamp", "origin", "ROWS", "RANGE",
  "preceding", "following", "current_row", "unbounded", "asc", "desc", "ASC", "DESC", "array",
]);

const parser = new postgresqlParser.Parser();

function checkStatement(text: string): void {
  let ast: unknown;
  try {
    ast = parser.astify(text, { database: "postgresql" });
  } catch (error) {
    refuse(`could not parse the SQL: ${parseErrorDetail(text, error)}`);
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) refuse("several statements: only one may run");
  const statement = statements[0] as Record<string, unknown>;
  if (statement.type !== "select") refuse(`only SELECT is allowed, got ${String(statement.type).toUpperCase()}`);
  const cteNames = new Set<string>();
  collectCteNames(statement, cteNames);
  for (const name of cteNames) {
    if (ALLOWED_RELATIONS.includes(name)) refuse(`the CTE \`${name}\` would hide the view of that name`);
  }
  walk(statement, cteNames);
}

/** Where the parser stopped, shown as the text from there: its own message lists every token it expected. */
function parseErrorDetail(text: string, error: unknown): string {
  if (error instanceof RangeError) return "it is nested too deeply";
  const offset = isObject(error) && isObject(error.location) && isObject(error.location.start) ? error.location.start.offset : undefined;
  if (typeof offset !== "number") return "not a SELECT it can read";
  if (offset >= text.length) return "it ends too early";
  const near = text.slice(offset, offset + 30).replace(/\s+/g, " ");
  return `not understood from "${near}${offset + 30 < text.length ? "…" : ""}"`;
}

function collectCteNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectCteNames(item, names);
    return;
  }
  if (!isObject(node)) return;
  if (Array.isArray(node.with)) {
    for (const cte of node.with) {
      if (!isObject(cte)) continue;
      const name = isObject(cte.name) ? cte.name.value : cte.name;
      if (typeof name !== "string") refuse("a CTE without a plain name");
      names.add(name.toLowerCase());
    }
  }
  for (const value of Object.values(node)) collectCteNames(value, names);
}

function walk(node: unknown, cteNames: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, cteNames);
    return;
  }
  if (!isObject(node)) return;
  const type = node.type;
  if (typeof type === "string" && !ALLOWED_NODE_TYPES.has(type)) refuse(`${type.replaceAll("_", " ")} is not allowed here`);
  // The parser reads EXISTS (subquery) as a function call.
  if (type === "function" && functionName(node.name) !== "exists") checkFunctionName(functionName(node.name));
  if (type === "aggr_func" || type === "window_func") checkFunctionName(String(node.name).toLowerCase());
  if (type === "select") {
    if (isObject(node.into) && node.into.position != null) refuse("SELECT … INTO is not allowed");
    if (node.locking_read != null) refuse("SELECT … FOR UPDATE is not allowed");
  }
  if (Array.isArray(node.from)) {
    for (const item of node.from) checkFromItem(item, cteNames);
  }
  for (const value of Object.values(node)) walk(value, cteNames);
}

function checkFromItem(item: unknown, cteNames: ReadonlySet<string>): void {
  if (!isObject(item)) refuse("an unreadable FROM item");
  if (typeof item.table === "string") {
    const schema = item.db ?? item.schema;
    const name = schema ? `${String(schema)}.${item.table}` : item.table;
    // A schema-qualified name could reach past the views (main.lake_files,
    // other_db.t); the views need none, so none is taken.
    if (schema || !(ALLOWED_RELATIONS.includes(item.table.toLowerCase()) || cteNames.has(item.table.toLowerCase()))) {
      refuse(`relation \`${name}\` is not one of ${ALLOWED_RELATIONS.join(", ")}${cteNames.size > 0 ? ` or the query's CTEs (${[...cteNames].join(", ")})` : ""}`);
    }
    return;
  }
  const expr = item.expr;
  if (isObject(expr) && isObject(expr.ast)) return;
  if (isObject(expr) && expr.type === "function") refuse(`table function \`${functionName(expr.name)}\` is not allowed: read from ${ALLOWED_RELATIONS.join(", ")}`);
  refuse(`${isObject(expr) && typeof expr.type === "string" ? expr.type.replaceAll("_", " ") : "this"} is not allowed in FROM`);
}

/** The parser names a function `{ name: [{ value }] }`, one part per dot. */
function functionName(name: unknown): string {
  if (typeof name === "string") return name.toLowerCase();
  if (isObject(name) && Array.isArray(name.name)) {
    const parts = name.name.map((part) => (isObject(part) ? String(part.value) : String(part)));
    if (parts.length !== 1 || isObject(name) && name.schema) refuse(`function \`${parts.join(".")}\` is not allowed: call functions without a schema`);
    return (parts[0] ?? "").toLowerCase();
  }
  refuse("a function without a plain name");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
