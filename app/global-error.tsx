"use client";

import "./globals.css";
import { useReportedError } from "@/components/use-reported-error";

/** Failures of the root layout itself (for instance a misconfigured server), where app/error.tsx cannot render. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = useReportedError(error);
  return (
    <html lang="en">
      <body>
        <main className="page">
          <div className="card message-card" role="alert">
            <h1>Inlet is not available</h1>
            <p className="muted">
              The server could not render this page. If you run this Inlet, its log names the problem
              {digest ? (
                <>
                  {" "}
                  (reference <code>{digest}</code>)
                </>
              ) : null}
              .
            </p>
            <div className="actions">
              <button type="button" className="button button-primary" onClick={() => retry()}>
                Try again
              </button>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
