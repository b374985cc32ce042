/**
 * Local wall-clock time in SQL for DuckDB-WASM 1.28 (DuckDB v0.9.1), which
 * has no ICU and so no time zones: the offsets of the site's zone are
 * worked out here, in JavaScript (Intl), and written into the statement as
 * a search tree of CASE expressions over the UTC instant.
 */

const MINUTE_MS = 60_000;
/**
 * Offsets are sampled this far apart, and a change between two samples is
 * found by bisection. Two changes inside one step that cancel out would be
 * missed; no zone has had that since 1970 except in wartime records.
 */
const STEP_MS = 7 * 24 * 60 * MINUTE_MS;

/** A zone's offset from UTC (minutes, east positive) from `at` (ms since the epoch) on. */
export interface OffsetChange {
  at: number;
  offsetMinutes: number;
}

/** The default span of offsets written into the views: from before any lake file to decades after. */
export const DEFAULT_OFFSET_SPAN = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2070, 0, 1) } as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at `instant` in whole minutes (east positive). Throws a RangeError for an unknown zone. */
export function offsetMinutesAt(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((wall - Math.floor(instant / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

const changeCache = new Map<string, OffsetChange[]>();

/**
 * The zone's offsets over `span`: the first entry holds from before the span
 * (its `at` is the span's start), each later one from the minute its change
 * takes effect. Changes fall on whole minutes in every zone since 1970.
 */
export function offsetChanges(timeZone: string, span: { from: number; to: number } = DEFAULT_OFFSET_SPAN): OffsetChange[] {
  const cacheKey = `${timeZone}\u0000${span.from}\u0000${span.to}`;
  const cached = changeCache.get(cacheKey);
  if (cached) return cached;
  const changes: OffsetChange[] = [{ at: span.from, offsetMinutes: offsetMinutesAt(span.from, timeZone) }];
  let previous = span.from;
  let previousOffset = changes[0]!.offsetMinutes;
  while (previous < span.to) {
    const next = Math.min(previous + STEP_MS, span.to);
    const nextOffset = offsetMinutesAt(next, timeZone);
    if (nextOffset !== previousOffset) {
      // Bisect in whole minutes: `low` still has the old offset, `high` the new.
      let low = Math.floor(previous / MINUTE_MS);
      let high = Math.floor(next / MINUTE_MS);
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetMinutesAt(middle * MINUTE_MS, timeZone) === previousOffset) low = middle;
        else high = middle;
      }
      changes.push({ at: high * MINUTE_MS, offsetMinutes: offsetMinutesAt(high * MINUTE_MS, timeZone) });
      previousOffset = nextOffset;
    }
    previous = next;
  }
  changeCache.set(cacheKey, changes);
  return changes;
}

/** A UTC instant as a DuckDB TIMESTAMP literal. */
export function timestampLiteral(ms: number): string {
  return `TIMESTAMP '${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}'`;
}

/**
 * `utc` (a TIMESTAMP expression holding a UTC instant) as the zone's
 * wall-clock TIMESTAMP. The offset is picked by a balanced tree of CASE
 * expressions, so each row makes about log2(changes) comparisons; a zone
 * without changes is a constant shift.
 */
export function localTimestampSql(utc: string, timeZone: string, span?: { from: number; to: number }): string {
  const changes = offsetChanges(timeZone, span);
  const pick = (from: number, to: number): string => {
    // changes[from..to) hold the candidates; changes[from] applies before changes[from + 1].at.
    if (to - from === 1) return String(changes[from]!.offsetMinutes);
    const middle = Math.floor((from + to) / 2);
    return `CASE WHEN ${utc} < ${timestampLiteral(changes[middle]!.at)} THEN ${pick(from, middle)} ELSE ${pick(middle, to)} END`;
  };
  return `(${utc} + to_minutes(${pick(0, changes.length)}))`;
}
