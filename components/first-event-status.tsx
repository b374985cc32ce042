"use client";

import Link from "next/link";
import { useState } from "react";
import { usePolling } from "./use-polling";

const POLL_MS = 3_000;

/**
 * "Waiting for the first event…" until the site's first event is stored,
 * then a way to the dashboard, without a reload: asks the server every
 * three seconds while the tab is visible, and stops once it has the answer.
 */
export function FirstEventStatus({ siteId, initiallyReceived }: { siteId: string; initiallyReceived: boolean }) {
  const [received, setReceived] = useState(initiallyReceived);

  usePolling(
    `/api/sites/${encodeURIComponent(siteId)}/first-event`,
    POLL_MS,
    (body) => {
      if (typeof body === "object" && body !== null && "received" in body && body.received === true) setReceived(true);
    },
    { active: !received },
  );

  return (
    <section className={received ? "card first-event first-event-received" : "card first-event"} aria-labelledby="first-event-heading">
      <h2 id="first-event-heading" className="visually-hidden">
        Installation check
      </h2>
      {/* One live region that stays mounted, so the change is announced. */}
      <div role="status" className="first-event-line">
        <span className={received ? "live-dot live-dot-on" : "live-dot"} aria-hidden="true" />
        {received ? (
          <p>
            <strong>Received!</strong>{" "}
            <Link href={`/sites/${siteId}`} className="button button-primary button-small">
              Open the dashboard
            </Link>
          </p>
        ) : (
          <p>
            <strong>Waiting for the first event…</strong>{" "}
            <span className="muted">Open a page of your site with the snippet in place; this updates by itself.</span>
          </p>
        )}
      </div>
    </section>
  );
}
