import { parseArgs } from "node:util";
import { z } from "zod";

export interface NlqCliArgs {
  siteId: string;
  engine: "embedded" | "llm";
  question: string;
  help: boolean;
}

export const NLQ_USAGE = `Usage: npm run nlq -- --site <site id> [--engine embedded|llm] "question"

Translates the question into SQL over the site's events and sessions (the
question box's engines), runs it with DuckDB over the site's lake files and
newest events (the views the browser uses), and prints
{"sql", "restatement", "columns": [{"name", "type"}], "rows"} as JSON.

  --site ID        the site's id (a UUID, as in /sites/<id>)
  --engine NAME    embedded (the default, no service needed) or llm
                   (NLQ_LLM_BASE_URL, NLQ_LLM_API_KEY and NLQ_LLM_MODEL)`;

/** A bad command line; the message names the flag and what it wants. */
export class NlqArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NlqArgsError";
  }
}

/** Parse `npm run nlq` flags; the question is the rest of the line (quoted or not). */
export function parseNlqArgs(argv: readonly string[]): NlqCliArgs {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { site: { type: "string" }, engine: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new NlqArgsError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { siteId: "", engine: "embedded", question: "", help: true };
  const siteId = typeof values.site === "string" ? values.site.trim() : "";
  if (!siteId) throw new NlqArgsError("--site is required: the id of the site to ask about");
  if (!z.guid().safeParse(siteId).success) throw new NlqArgsError(`--site must be a site id (a UUID), got "${siteId}"`);
  const engine = values.engine ?? "embedded";
  if (engine !== "embedded" && engine !== "llm") throw new NlqArgsError(`--engine must be embedded or llm, got "${String(engine)}"`);
  const question = positionals.join(" ").trim();
  if (!question) throw new NlqArgsError('A question is required, e.g. "top pages last 7 days"');
  return { siteId: siteId.toLowerCase(), engine, question, help: false };
}
