import type { NlqContext, NlqEngine, NlqTranslation } from "./nlq-types";
import { compileIntent, isSessionMetric } from "./compile-intent";
import type { Intent } from "./intent";
import { EXAMPLE_QUESTIONS, parseQuestion } from "./parse-question";
import { restateIntent } from "./restate-intent";

/**
 * The question box's default engine: a semantic parser that runs where the
 * page runs (browser or Node), with no service behind it. A question becomes
 * an intent (parse-question.ts), the intent SQL over the analytics views
 * (compile-intent.ts, which calls the `prop` macro of lib/lake/sql/analytics-macros.ts)
 * and a one-line restatement (restate-intent.ts). Words it cannot place are
 * named back to the user; it never guesses past them.
 */
export const embeddedEngine: NlqEngine = {
  name: "embedded",
  async translate(question: string, context: NlqContext): Promise<NlqTranslation> {
    return translateQuestion(question, context);
  },
};

/** The synchronous heart of the engine, for tests and the CLI. */
export function translateQuestion(question: string, context: NlqContext): NlqTranslation {
  if (question.trim() === "") return { ok: false, message: "Ask a question about the site's traffic.", suggestions: EXAMPLE_QUESTIONS };
  const parsed = parseQuestion(question, context);
  if (!parsed.ok) return parsed;
  const intent = settle(parsed.intent);
  if ("refusal" in intent) return { ok: false, message: intent.refusal, suggestions: EXAMPLE_QUESTIONS.slice(0, 3) };
  return { ok: true, sql: compileIntent(intent), restatement: restateIntent(intent) };
}

/** Combinations the parser accepts but the views answer only one way: pages of sessions are their entry pages. */
function settle(intent: Intent): Intent | { refusal: string } {
  const group = intent.groupBy;
  if (!group || intent.funnel) return intent;
  const sessionOnly = intent.metrics.every(isSessionMetric);
  const anySession = intent.metrics.some(isSessionMetric);
  const eventLevel = group.kind === "property" || group.dimension === "page" || group.dimension === "event";
  if (!eventLevel || !anySession) return intent;
  if (sessionOnly && group.kind === "dimension" && group.dimension === "page") return { ...intent, groupBy: { kind: "dimension", dimension: "entry_page" } };
  return { refusal: "Visits, bounce rate and visit duration belong to whole visits: break them down by entry page, exit page or a session dimension, not by page, event or property." };
}
