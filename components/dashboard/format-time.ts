import type { HourRange, Interval } from "@/lib/query/dashboard-model";
import { PERIOD_LABELS, type DashboardState } from "@/lib/query/dashboard-url";

// Local wall-clock strings are formatted as if they were UTC: they already are
// the site's local time, and the server and the browser must agree on the text.
const asInstant = (localHour: string) => new Date(`${localHour}:00Z`);
const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });

const hourOnly = format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dayShort = format({ month: "short", day: "numeric" });
const dayHour = format({ month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dayLong = format({ weekday: "short", month: "short", day: "numeric", year: "numeric" });
const dayHourLong = format({ weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const monthShort = format({ month: "short", year: "numeric" });
const monthLong = format({ month: "long", year: "numeric" });
const dayWithYear = format({ month: "short", day: "numeric", year: "numeric" });

/** A chart bucket's start on the axis: "14:00", "Mar 3", "Mar 2026". `multiDay` adds the day to hours. */
export function formatBucketAxis(bucket: string, interval: Interval, multiDay: boolean): string {
  const at = asInstant(bucket);
  if (interval === "hour") return (multiDay ? dayHour : hourOnly).format(at);
  if (interval === "month") return monthShort.format(at);
  return dayShort.format(at);
}

/** A chart bucket in the tooltip: "Tue, Mar 3, 14:00", "Tue, Mar 3, 2026", "Week of Mar 2, 2026", "March 2026". */
export function formatBucketLong(bucket: string, interval: Interval): string {
  const at = asInstant(bucket);
  switch (interval) {
    case "hour":
      return dayHourLong.format(at);
    case "day":
      return dayLong.format(at);
    case "week":
      return `Week of ${dayWithYear.format(at)}`;
    case "month":
      return monthLong.format(at);
  }
}

/**
 * A range as a reader says it: "Mar 4 – Mar 10, 2026" for whole days (a range
 * that runs to the current hour reads as running to today), "Mar 9, 15:00 –
 * Mar 10, 15:00" when it starts mid-day.
 */
export function formatRange(range: HourRange): string {
  const from = asInstant(range.from);
  const last = new Date(asInstant(range.to).getTime() - 1);
  if (range.from.endsWith("T00:00")) {
    if (range.from.slice(0, 10) === last.toISOString().slice(0, 10)) return dayWithYear.format(from);
    return `${(from.getUTCFullYear() === last.getUTCFullYear() ? dayShort : dayWithYear).format(from)} – ${dayWithYear.format(last)}`;
  }
  return `${dayHour.format(from)} – ${dayHour.format(asInstant(range.to))}`;
}

/** Whether a range spans more than one calendar day. */
export function spansDays(range: HourRange): boolean {
  return range.from.slice(0, 10) !== new Date(asInstant(range.to).getTime() - 1).toISOString().slice(0, 10);
}

/** The period's name ("Last 7 days"), or a custom period's days. */
export function formatPeriod(state: DashboardState, range: HourRange): string {
  return state.period === "custom" ? formatRange(range) : PERIOD_LABELS[state.period];
}
