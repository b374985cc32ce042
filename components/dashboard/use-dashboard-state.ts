"use client";

import { useSearchParams } from "next/navigation";
import { useMemo, type MouseEvent } from "react";
import { parseDashboardParams, type DashboardState } from "@/lib/query/dashboard-url";

/**
 * The dashboard's state as the address bar has it now. Client components
 * build their links from this rather than from the server's render, because
 * the chart's KPI changes in the browser alone (see `pushWithoutRender`).
 */
export function useDashboardState(): DashboardState {
  const params = useSearchParams();
  return useMemo(() => parseDashboardParams(params), [params]);
}

/**
 * A click handler for links whose change needs no new data (the chart's KPI:
 * every KPI's series is already on the page). It puts the URL in history
 * without a server render, which Next.js's router picks up in
 * `useSearchParams`; a click with a modifier key still opens a tab as usual.
 */
export function pushWithoutRender(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  window.history.pushState(null, "", event.currentTarget.href);
}
