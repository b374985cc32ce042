/**
 * Wall-clock time in a site's zone, computed by the JavaScript runtime's own
 * time-zone data (Intl), never by the database: the reference must get local
 * hours another way than the SQL it checks.
 *
 * Local hours are labels `YYYY-MM-DDTHH:00`. Arithmetic on labels is
 * wall-clock arithmetic (a label is read as if it were UTC), so a range or a
 * series walks the calendar the way a clock on the wall does: the hour
 * repeated when clocks fall back is one label, and the hour skipped when they
 * spring forward is a label no event ever has.
 */
import type { Interval } from "../dashboard-model";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const HOUR_LABEL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):00$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time of `instant` in `timeZone` as `YYYY-MM-DDTHH:MM:SS.mmm`. */
export function localTime(instant: Date, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  // Every zone's offset is whole minutes, so the milliseconds carry over as they are.
  const ms = String(instant.getUTCMilliseconds()).padStart(3, "0");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${ms}`;
}

/** The local hour (`YYYY-MM-DDTHH:00`) that holds `instant` in `timeZone`. */
export function localHour(instant: Date, timeZone: string): string {
  return `${localTime(instant, timeZone).slice(0, 13)}:00`;
}

/** The zone's offset from UTC at `instant`, in minutes (east positive). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const wall = Date.parse(`${localTime(instant, timeZone)}Z`);
  return Math.round((wall - instant.getTime()) / 60_000);
}

/** Whether `label` is a well-formed local hour `YYYY-MM-DDTHH:00` of a real calendar day. */
export function isHourLabel(label: string): boolean {
  const match = HOUR_LABEL.exec(label);
  if (!match) return false;
  return labelOf(wallClockMs(label)) === label;
}

function wallClockMs(label: string): number {
  const match = HOUR_LABEL.exec(label);
  if (!match) throw new RangeError(`not a local hour YYYY-MM-DDTHH:00: ${JSON.stringify(label)}`);
  const [, year, month, day, hour] = match;
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour));
}

function labelOf(wallMs: number): string {
  return `${new Date(wallMs).toISOString().slice(0, 13)}:00`;
}

/** The label `hours` wall-clock hours after `label` (before, when negative). */
export function addHours(label: string, hours: number): string {
  return labelOf(wallClockMs(label) + hours * HOUR_MS);
}

/** Every local hour label from `from` up to `to` (exclusive), one wall-clock hour apart. */
export function hoursOf(from: string, to: string): string[] {
  const labels: string[] = [];
  for (let ms = wallClockMs(from), end = wallClockMs(to); ms < end; ms += HOUR_MS) labels.push(labelOf(ms));
  return labels;
}

/** The start of the hour, day, week (Monday) or month that holds the local hour `label`. */
export function startOfInterval(label: string, interval: Interval): string {
  const ms = wallClockMs(label);
  const date = new Date(ms);
  switch (interval) {
    case "hour":
      return label;
    case "day":
      return `${label.slice(0, 10)}T00:00`;
    case "week": {
      const daysSinceMonday = (date.getUTCDay() + 6) % 7; // getUTCDay: 0 is Sunday
      return `${labelOf(ms - daysSinceMonday * DAY_MS).slice(0, 10)}T00:00`;
    }
    case "month":
      return `${label.slice(0, 7)}-01T00:00`;
  }
}
