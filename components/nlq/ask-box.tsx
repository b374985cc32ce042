"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * The question box of the dashboard: asking opens the Explore page with the
 * question (`/sites/<id>/explore?q=…`), which answers it with the SQL, the
 * table and the chart, ready to edit.
 */
export function AskBox({ siteId }: { siteId: string }) {
  const router = useRouter();
  const [question, setQuestion] = useState("");
  return (
    <form
      className="nlq-box nlq-ask"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const asked = question.trim();
        if (asked) router.push(`/sites/${encodeURIComponent(siteId)}/explore?q=${encodeURIComponent(asked)}`);
      }}
    >
      <label className="visually-hidden" htmlFor={`nlq-ask-${siteId}`}>
        Ask a question about this site
      </label>
      <input
        id={`nlq-ask-${siteId}`}
        className="nlq-input"
        type="search"
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        placeholder="Ask a question, e.g. top pages last 7 days"
        maxLength={500}
        autoComplete="off"
      />
      <button type="submit" className="button button-primary" disabled={question.trim() === ""}>
        Ask
      </button>
    </form>
  );
}
