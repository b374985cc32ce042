import { percentChange, type Kpi } from "@/lib/query/dashboard-model";

// Fixed locale: server-rendered text must match the browser's to hydrate.
const whole = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export const KPI_LABELS: Record<Kpi, string> = {
  visitors: "Unique visitors",
  visits: "Total visits",
  pageviews: "Total pageviews",
  viewsPerVisit: "Views per visit",
  bounceRate: "Bounce rate",
  visitDuration: "Visit duration",
};

/** Short names for the chart's axis and tooltip. */
export const KPI_SHORT_LABELS: Record<Kpi, string> = {
  visitors: "Visitors",
  visits: "Visits",
  pageviews: "Pageviews",
  viewsPerVisit: "Views per visit",
  bounceRate: "Bounce rate",
  visitDuration: "Visit duration",
};

/** KPIs where a fall is the good news. */
const LOWER_IS_BETTER: ReadonlySet<Kpi> = new Set<Kpi>(["bounceRate"]);

/** A row's share of the range's visitors, in percent (0-100; 0 without visitors). */
export function visitorShare(visitors: number, totalVisitors: number): number {
  return totalVisitors > 0 ? Math.min(100, (visitors / totalVisitors) * 100) : 0;
}

/** 12,345 */
export function formatCount(value: number): string {
  return whole.format(value);
}

/** "0s", "45s", "1m 32s", "2h 5m": a mean visit, rounded to the second. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}

/** A KPI's value as the cards show it. */
export function formatKpi(kpi: Kpi, value: number): string {
  switch (kpi) {
    case "viewsPerVisit":
      return twoDecimals.format(value);
    case "bounceRate":
      return `${Math.round(value)}%`;
    case "visitDuration":
      return formatDuration(value);
    default:
      return formatCount(value);
  }
}

/** A KPI's value on the chart's axis, where room is short. */
export function formatKpiAxis(kpi: Kpi, value: number): string {
  return kpi === "visitors" || kpi === "visits" || kpi === "pageviews" ? compact.format(value) : formatKpi(kpi, value);
}

/** A share of 0-100 as "42%", with "<1%" for the small but present. */
export function formatShare(percent: number): string {
  if (percent > 0 && percent < 1) return "<1%";
  return `${Math.round(percent)}%`;
}

export interface Change {
  /** Rounded percent, always positive; the direction says which way. */
  percent: number;
  direction: "up" | "down" | "flat";
  tone: "good" | "bad" | "neutral";
}

/**
 * The change from `previous` to `current` in percent of `previous`; null when
 * there was nothing before to compare with.
 */
export function describeChange(kpi: Kpi, current: number, previous: number): Change | null {
  const percent = percentChange(current, previous);
  if (percent === null) return null;
  if (percent === 0) return { percent: 0, direction: "flat", tone: "neutral" };
  const direction = percent > 0 ? "up" : "down";
  const better = direction === (LOWER_IS_BETTER.has(kpi) ? "down" : "up");
  return { percent: Math.abs(percent), direction, tone: better ? "good" : "bad" };
}
