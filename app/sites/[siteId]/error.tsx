"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useReportedError } from "@/components/use-reported-error";

/**
 * The dashboard's queries failed. The message stays on the server (it may
 * hold SQL); the digest matches the error in the server's log.
 */
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const { siteId } = useParams<{ siteId: string }>();
  const digest = useReportedError(error);
  return (
    <div className="card message-card" role="alert">
      <h1>The dashboard could not be loaded</h1>
      <p className="muted">Your data is safe: nothing was lost, the figures just could not be counted this time. What to try:</p>
      <ol className="muted error-steps">
        <li>Try again: a busy or restarting database is the usual cause, and it passes in seconds.</li>
        <li>If it fails again, open the dashboard without filters and with the default range: a very long range or many filters ask more of the database.</li>
        <li>If even that fails, send the reference below to whoever runs this Inlet.</li>
      </ol>
      {digest ? (
        <p className="muted">
          Reference: <code>{digest}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        {siteId ? (
          <Link href={`/sites/${encodeURIComponent(siteId)}`} className="button">
            Default view
          </Link>
        ) : null}
        <Link href="/sites" className="button">
          Your sites
        </Link>
      </div>
    </div>
  );
}
