"use client";

import { useEffect, useEffectEvent } from "react";

interface PollingOptions {
  /** Polls while true (default); false stops them. */
  active?: boolean;
  /** Sent with every request (a shared dashboard's link token). */
  headers?: Record<string, string>;
}

/**
 * Fetch `url` as JSON every `intervalMs` while the tab is visible (a hidden
 * tab asks once it shows again) and hand each body to `onBody`, until
 * `active` turns false. A failed poll (offline, aborted, the server
 * restarting, an error status) is skipped: the next tick asks again.
 */
export function usePolling(url: string, intervalMs: number, onBody: (body: unknown) => void, { active = true, headers }: PollingOptions = {}): void {
  const handle = useEffectEvent(onBody);
  // Read at each poll, so a new headers object each render restarts nothing.
  const currentHeaders = useEffectEvent(() => headers);
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const controller = new AbortController();
    async function poll() {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch(url, { cache: "no-store", signal: controller.signal, headers: currentHeaders() });
        if (!response.ok) return;
        const body: unknown = await response.json();
        if (!cancelled) handle(body);
      } catch {
        // Skipped; see above.
      }
    }
    const timer = setInterval(poll, intervalMs);
    document.addEventListener("visibilitychange", poll);
    return () => {
      cancelled = true;
      controller.abort();
      clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [url, intervalMs, active]);
}
