"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { translateQuestion, type EngineName, type SiteNlqContext } from "./translate-question";

export interface QuestionAnswer {
  question: string;
  sql: string;
  restatement: string;
}

interface QuestionBoxProps {
  siteId: string;
  context: SiteNlqContext;
  /** The server has an LLM engine configured: offer it beside the built-in one. */
  llmAvailable: boolean;
  shareToken?: string;
  /** Asked once on arrival (the dashboard's box links here with `?q=`). */
  initialQuestion?: string;
  /** An answer's SQL and restatement, for the Explore page to put in its editor and run. */
  onAnswer: (answer: QuestionAnswer) => void;
}

type Refusal = { message: string; suggestions: string[] };

/**
 * The question box on the Explore page: a question in plain language becomes
 * SQL by the built-in engine (in this browser) or, when the server has one,
 * the LLM engine. An answer goes to the page, which runs it like any SQL
 * (through the guard); a question not understood shows why, and questions
 * to try instead.
 */
export function QuestionBox({ siteId, context, llmAvailable, shareToken, initialQuestion, onAnswer }: QuestionBoxProps) {
  const [question, setQuestion] = useState(initialQuestion ?? "");
  const [engine, setEngine] = useState<EngineName>("embedded");
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const asking = useRef<AbortController | null>(null);

  const ask = useCallback(
    async (asked: string) => {
      const text = asked.trim();
      if (text === "") return;
      asking.current?.abort();
      const controller = new AbortController();
      asking.current = controller;
      setPending(true);
      setRefusal(null);
      try {
        const translation = await translateQuestion({ siteId, question: text, engine, context, shareToken, signal: controller.signal });
        if (controller.signal.aborted) return;
        if (translation.ok) onAnswer({ question: text, sql: translation.sql, restatement: translation.restatement });
        else setRefusal({ message: translation.message, suggestions: translation.suggestions });
      } catch (error) {
        if (controller.signal.aborted) return;
        console.error("[question box]", error);
        setRefusal({ message: "The question could not be translated; see the browser console.", suggestions: [] });
      } finally {
        if (asking.current === controller) {
          asking.current = null;
          setPending(false);
        }
      }
    },
    [siteId, engine, context, shareToken, onAnswer],
  );

  // The question the page was opened with, asked once.
  const askedOnArrival = useRef(false);
  useEffect(() => {
    if (askedOnArrival.current || !initialQuestion) return;
    askedOnArrival.current = true;
    void ask(initialQuestion);
  }, [ask, initialQuestion]);

  useEffect(
    () => () => {
      asking.current?.abort();
      // Mounted again (React's strict mode does so): the arrival's question is asked again.
      askedOnArrival.current = false;
    },
    [],
  );

  return (
    <section className="nlq-box" aria-label="Ask a question">
      <form
        className="nlq-form"
        onSubmit={(event) => {
          event.preventDefault();
          void ask(question);
        }}
      >
        <input
          className="nlq-input"
          type="search"
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
          placeholder="Ask a question, e.g. top pages last 7 days"
          aria-label="Question"
          data-testid="nlq-question"
          maxLength={500}
          autoComplete="off"
        />
        {llmAvailable ? (
          <select className="nlq-engine" value={engine} onChange={(event) => setEngine(event.target.value as EngineName)} aria-label="Engine">
            <option value="embedded">Built-in engine</option>
            <option value="llm">LLM engine</option>
          </select>
        ) : null}
        <button type="submit" className="button button-primary" disabled={pending || question.trim() === ""}>
          {pending ? "Asking…" : "Ask"}
        </button>
      </form>
      {refusal ? (
        <div className="nlq-refusal" role="alert" data-testid="nlq-refusal">
          <p>{refusal.message}</p>
          {refusal.suggestions.length > 0 ? (
            <p className="nlq-suggestions">
              <span className="muted">Try:</span>
              {refusal.suggestions.map((suggestion) => (
                <button
                  key={suggestion}
                  type="button"
                  className="button button-small nlq-suggestion"
                  onClick={() => {
                    setQuestion(suggestion);
                    void ask(suggestion);
                  }}
                >
                  {suggestion}
                </button>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
