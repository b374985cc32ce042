import { generateText, NoObjectGeneratedError, NoOutputGeneratedError, Output, type LanguageModel } from "ai";
import { z } from "zod";
import { guardSql } from "./guard";
import type { NlqContext, NlqEngine, NlqTranslation } from "./nlq-types";
import { ANALYTICS_SCHEMA_PROMPT, NLQ_EXAMPLES } from "./schema-prompt";

/** How long a model may take to answer; a question box should not hang. */
const LLM_TIMEOUT_MS = 30_000;
/** Event names and property keys put in the prompt at most: the most frequent, so a huge site's prompt stays small. */
const MAX_EVENT_NAMES = 50;
const MAX_KEYS_PER_EVENT = 20;

/**
 * The shape the model must answer in. Flat, every field required: what
 * OpenAI-compatible "structured outputs" accept. A refusal is a non-empty
 * `refusal` (and an empty `sql`).
 */
const answerSchema = z.object({
  sql: z.string().describe("One DuckDB SELECT answering the question, or '' when it cannot be answered from this schema"),
  restatement: z.string().describe("One line saying what the SQL computes, with its filters and range, e.g. 'Signups by entry page, country = DE, last 30 days'"),
  refusal: z.string().describe("'' when sql answers the question; else why not, naming the words that could not be used"),
  suggestions: z.array(z.string()).describe("When refusing: up to 3 questions about this site that can be answered; else []"),
});

/**
 * An NlqEngine asking a language model (any `ai` SDK model: the configured
 * OpenAI-compatible one, or a mock in tests). The prompt carries the schema,
 * the site's event names and property keys, its time zone and "now", and
 * examples. SQL the guard would refuse is answered as not understood; the
 * runner guards it again before running (the engine's check is advisory).
 */
export function createLlmEngine(model: LanguageModel): NlqEngine {
  return {
    name: "llm",
    async translate(question: string, context: NlqContext): Promise<NlqTranslation> {
      const asked = question.trim();
      if (asked === "") return { ok: false, message: "Ask a question about this site's traffic.", suggestions: defaultSuggestions(context) };
      let answer: z.infer<typeof answerSchema>;
      try {
        const result = await generateText({
          model,
          system: llmSystemPrompt(context),
          prompt: asked,
          output: Output.object({ name: "analytics_query", schema: answerSchema }),
          temperature: 0,
          maxRetries: 1,
          timeout: LLM_TIMEOUT_MS,
        });
        answer = result.output;
      } catch (error) {
        // A model that answers something unreadable is "not understood"; a model that cannot be reached is the caller's error to report.
        if (NoObjectGeneratedError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
          return { ok: false, message: "The language model's answer was not a query. Try asking another way.", suggestions: defaultSuggestions(context) };
        }
        throw error;
      }
      const sql = answer.sql.trim().replace(/;+\s*$/, "");
      const suggestions = answer.suggestions.map((suggestion) => suggestion.trim()).filter(Boolean).slice(0, 3);
      if (answer.refusal.trim() !== "" || sql === "") {
        return { ok: false, message: answer.refusal.trim() || `I can't answer “${asked}” from this site's data.`, suggestions: suggestions.length > 0 ? suggestions : defaultSuggestions(context) };
      }
      const verdict = guardSql(sql);
      if (!verdict.ok) return { ok: false, message: `The language model wrote SQL that may not run: ${verdict.reason}`, suggestions: defaultSuggestions(context) };
      return { ok: true, sql, restatement: answer.restatement.trim() || asked };
    },
  };
}

/** The system prompt for `context`: exported so tests (and curious readers) can see what the model is told. */
export function llmSystemPrompt(context: NlqContext): string {
  const now = localTimestamp(context.now, context.timeZone);
  const names = context.eventNames.slice(0, MAX_EVENT_NAMES);
  const events =
    names.length === 0
      ? "This site has no custom events yet: only 'pageview'."
      : names
          .map((name) => {
            const keys = (context.propertyKeys[name] ?? []).slice(0, MAX_KEYS_PER_EVENT);
            return `  ${JSON.stringify(name)}${keys.length > 0 ? `: properties ${keys.map((key) => JSON.stringify(key)).join(", ")}` : ""}`;
          })
          .join("\n");
  const examples = NLQ_EXAMPLES.map(
    (example) => `Question: ${example.question}\nAnswer: ${JSON.stringify({ sql: example.sql.replaceAll("{now}", now), restatement: example.restatement, refusal: "", suggestions: [] })}`,
  ).join("\n\n");
  return `You translate questions about one website's analytics into one SQL query.

${ANALYTICS_SCHEMA_PROMPT}

The site's time zone is ${context.timeZone}. Now, on the site's wall clock: TIMESTAMP '${now}'.
"Today", "yesterday", "last 7 days" (today and the 6 days before), "this month" are local days: compare local_ts (or start_local_ts) with that literal.
Without a range in the question, use all history and say "all history" in the restatement.

The site's custom events (most frequent first), with the property keys seen:
${events}
Use these exact names and keys; a word that matches none of them and no column cannot be used.

Rules: answer with one read-only SELECT; name result columns plainly (pageviews, visitors, visits, day); order the rows meaningfully;
put the category or time column first and the numbers after it; add LIMIT 100 or less to rankings.
When the question is not about this site's traffic, or needs data the schema lacks, leave sql empty and explain in refusal.
Answer with one JSON object and nothing else: {"sql": string, "restatement": string, "refusal": string, "suggestions": string[]}.

Examples:

${examples}`;
}

/** Questions the schema can always answer, offered when the model refuses without its own. */
function defaultSuggestions(context: NlqContext): string[] {
  const suggestions = ["top pages last 7 days", "visitors per day last 30 days"];
  const event = context.eventNames[0];
  suggestions.push(event ? `${event} events per day last 30 days` : "visits by source");
  return suggestions;
}

/** `now` on the wall clock of `timeZone`, as DuckDB reads a TIMESTAMP literal: "2026-12-03 08:05:00". */
function localTimestamp(now: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
