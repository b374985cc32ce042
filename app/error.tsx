"use client";

import Link from "next/link";
import { useEffect } from "react";

/**
 * Unexpected failures. In production the server's message is withheld from
 * the browser; the digest is what matches the error in the server's log.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <div className="card message-card" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">
        Inlet could not load this page. Your data is safe; this is usually temporary. Try again, and if it keeps
        happening, send the reference below to whoever runs this Inlet.
      </p>
      {digest ? (
        <p className="muted">
          Reference: <code>{digest}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/sites" className="button">
          Go to your sites
        </Link>
      </div>
    </div>
  );
}
