"use client";

import Link from "next/link";
import { useReportedError } from "@/components/use-reported-error";

/** Unexpected failures of a page; the digest (see useReportedError) is the reference to quote. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = useReportedError(error);
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
