"use client";

import { useState } from "react";
import { usePolling } from "@/components/use-polling";
import { SHARE_TOKEN_HEADER } from "@/lib/access/share-token-header";
import { formatCount } from "./format-metric";

const POLL_MS = 10_000;

/**
 * Visitors in the last five minutes, asked again every ten seconds while the
 * tab is visible (a hidden tab asks once it shows again). A failed poll keeps
 * the last number: it is an indicator, not a report.
 */
export function LiveVisitors({ siteId, initial, shareToken }: { siteId: string; initial: number; shareToken?: string }) {
  const [visitors, setVisitors] = useState(initial);

  usePolling(
    `/api/sites/${encodeURIComponent(siteId)}/live`,
    POLL_MS,
    (body) => {
      if (typeof body === "object" && body !== null && "visitors" in body && typeof body.visitors === "number") setVisitors(body.visitors);
    },
    // A shared dashboard's reader has no session: the link's token is their credential.
    { headers: shareToken ? { [SHARE_TOKEN_HEADER]: shareToken } : undefined },
  );

  // A new server render (another period or filter) brings a fresher count.
  const [seenInitial, setSeenInitial] = useState(initial);
  if (initial !== seenInitial) {
    setSeenInitial(initial);
    setVisitors(initial);
  }

  return (
    <p className="live" title="Distinct visitors with an event in the last 5 minutes, updated every 10 seconds">
      <span className={visitors > 0 ? "live-dot live-dot-on" : "live-dot"} aria-hidden="true" />
      <span>
        <strong data-testid="live-visitors">{formatCount(visitors)}</strong> {visitors === 1 ? "visitor" : "visitors"} in the last 5 minutes
      </span>
    </p>
  );
}
