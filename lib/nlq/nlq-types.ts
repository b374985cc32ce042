/**
 * The question box's contract: an engine turns a question into SQL over the
 * analytics schema (the `events` and `sessions` views of
 * lib/lake/sql/views.ts), the guard (lib/nlq/guard.ts) decides whether SQL
 * may run, and the browser (or `npm run nlq`) runs it with DuckDB.
 */

/** What an engine knows about the site when it translates. */
export interface NlqContext {
  /** The site's IANA time zone: "yesterday", "in March" are its wall-clock days. */
  timeZone: string;
  /** The moment the question is asked. */
  now: Date;
  /** The site's custom event names (not "pageview"), most frequent first. */
  eventNames: string[];
  /** Property keys seen per custom event name. */
  propertyKeys: Record<string, string[]>;
}

/** An engine's answer: SQL to run and what it computes, or why there is none. */
export type NlqTranslation =
  | {
      ok: true;
      sql: string;
      /** One line saying what was computed: "Signups by entry page, country = Germany, 1-31 Oct 2026". */
      restatement: string;
    }
  | {
      ok: false;
      /** "I don't understand “foo”", naming the words it could not use. */
      message: string;
      /** Questions or words it would understand instead. */
      suggestions: string[];
    };

export interface NlqEngine {
  readonly name: "embedded" | "llm";
  translate(question: string, context: NlqContext): Promise<NlqTranslation>;
}

/** What the guard lets run: the SQL as it will run (a row limit added), or the reason it may not. */
export type GuardVerdict = { ok: true; sql: string } | { ok: false; reason: string };
