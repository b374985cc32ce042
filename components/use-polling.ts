"use client";

import { useEffect, useEffectEvent } from "react";

/**
 * Fetch `url` as JSON every `intervalMs` while the tab is visible (a hidden
 * tab asks once it shows again) and hand each body to `onBody`, until
 * `active` turns false. A failed poll (offline, aborted, the server
 * restarting, an error status) is skipped: the next tick asks again.
 */
export function usePolling(url: string, intervalMs: number, onBody: (body: unknown) => void, active = true): void {
  const handle = useEffectEvent(onBody);
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const controller = new AbortController();
    async function poll() {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch(url, { cache: "no-store", signal: controller.signal });
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
