/**
 * Natural time ranges ("yesterday", "last week", "in March", "since Jan 1",
 * "past 90 days", "Q3") as whole local days in the site's time zone.
 *
 * `events.local_ts` is the site's wall clock, so a range of local days is
 * plain calendar arithmetic once today's local date is known (from Intl);
 * DST never moves a midnight on the wall clock.
 */

/** A local calendar date. */
export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** The calendar unit a range was named by; comparisons shift by it. */
export type RangeUnit = "day" | "week" | "month" | "quarter" | "year";

/** Whole local days [from, to): `to` is the day after the last one. */
export interface DayRange {
  from: LocalDate;
  to: LocalDate;
  /** Set when the range is `count` whole calendar units ("Q3", "last month"). */
  unit?: RangeUnit;
  count?: number;
}

export const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"] as const;
const MONTH_SHORT = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;
const MONTH_LABEL = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const DAY_MS = 86_400_000;

/** The words the parser reads in time phrases (for typo correction). */
export const TIME_WORDS: readonly string[] = [
  ...MONTHS,
  ...MONTH_SHORT,
  "sept",
  "today",
  "yesterday",
  "this",
  "current",
  "last",
  "past",
  "previous",
  "prior",
  "since",
  "between",
  "until",
  "till",
  "through",
  "day",
  "days",
  "week",
  "weeks",
  "month",
  "months",
  "quarter",
  "quarters",
  "year",
  "years",
  "q1",
  "q2",
  "q3",
  "q4",
  "first",
  "second",
  "third",
  "fourth",
  "ytd",
  "mtd",
  "so",
  "far",
];

// ---------------------------------------------------------------------------
// Calendar arithmetic (UTC dates as plain calendar values)

function toMs(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromMs(ms: number): LocalDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** The same day `months` later, clamped to the month's end. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, last) };
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return toMs(a) - toMs(b);
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** Monday of the week holding `date` (ISO weeks, as the dashboard's buckets). */
function mondayOf(date: LocalDate): LocalDate {
  const weekday = (new Date(toMs(date)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

/** `YYYY-MM-DD` */
export function isoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

/** The local date in `timeZone` at the instant `now`. */
export function localDateAt(now: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

// ---------------------------------------------------------------------------
// Named ranges

function unitRange(start: LocalDate, unit: RangeUnit, count = 1): DayRange {
  return { from: start, to: shiftByUnit(start, unit, count), unit, count };
}

function shiftByUnit(date: LocalDate, unit: RangeUnit, count: number): LocalDate {
  switch (unit) {
    case "day":
      return addDays(date, count);
    case "week":
      return addDays(date, 7 * count);
    case "month":
      return addMonths(date, count);
    case "quarter":
      return addMonths(date, 3 * count);
    case "year":
      return addMonths(date, 12 * count);
  }
}

function startOfUnit(date: LocalDate, unit: RangeUnit): LocalDate {
  switch (unit) {
    case "day":
      return date;
    case "week":
      return mondayOf(date);
    case "month":
      return { year: date.year, month: date.month, day: 1 };
    case "quarter":
      return { year: date.year, month: date.month - ((date.month - 1) % 3), day: 1 };
    case "year":
      return { year: date.year, month: 1, day: 1 };
  }
}

/** The calendar unit holding today ("this month"). */
export function currentUnit(today: LocalDate, unit: RangeUnit): DayRange {
  return unitRange(startOfUnit(today, unit), unit);
}

/** The calendar unit before the one holding today ("last week" = the previous Monday to Sunday). */
export function previousUnit(today: LocalDate, unit: RangeUnit): DayRange {
  return unitRange(shiftByUnit(startOfUnit(today, unit), unit, -1), unit);
}

/** The `count` days up to and including today ("past 90 days"). */
export function lastDays(today: LocalDate, count: number): DayRange {
  const to = addDays(today, 1);
  return { from: addDays(to, -count), to };
}

/** The `count` months up to and including today, from the same day `count` months back ("past 3 months"). */
export function lastMonths(today: LocalDate, count: number): DayRange {
  const to = addDays(today, 1);
  return { from: addMonths(to, -count), to };
}

/** A month by number, in `year` or else the latest that has begun ("in March"). */
export function namedMonth(today: LocalDate, month: number, year?: number): DayRange {
  const y = year ?? (month <= today.month ? today.year : today.year - 1);
  return unitRange({ year: y, month, day: 1 }, "month");
}

/** A quarter 1-4, in `year` or else the latest that has begun ("Q3"). */
export function namedQuarter(today: LocalDate, quarter: number, year?: number): DayRange {
  const month = 3 * (quarter - 1) + 1;
  const y = year ?? (month <= today.month ? today.year : today.year - 1);
  return unitRange({ year: y, month, day: 1 }, "quarter");
}

/** A date without a year is the latest such date up to today ("since Jan 1"). */
export function resolveDate(today: LocalDate, month: number, day: number, year?: number): LocalDate {
  if (year !== undefined) return { year, month, day };
  const candidate = { year: today.year, month, day };
  return compareDates(candidate, today) <= 0 ? candidate : { year: today.year - 1, month, day };
}

/**
 * The period a range is compared with: the same number of calendar units
 * before it when it was named by units ("last month" -> the month before),
 * else the same number of days just before it.
 */
export function previousPeriod(range: DayRange): DayRange {
  if (range.unit && range.count) return unitRange(shiftByUnit(range.from, range.unit, -range.count), range.unit, range.count);
  const length = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -length), to: range.from };
}

/** "1-31 Oct 2026", "28 Sep - 4 Oct 2026", "12 Nov 2026". */
export function formatRange(range: DayRange): string {
  const last = addDays(range.to, -1);
  const { from } = range;
  const dm = (date: LocalDate) => `${date.day} ${MONTH_LABEL[date.month - 1]}`;
  if (compareDates(from, last) === 0) return `${dm(from)} ${from.year}`;
  if (from.year !== last.year) return `${dm(from)} ${from.year} - ${dm(last)} ${last.year}`;
  if (from.month === last.month) return `${from.day}-${last.day} ${MONTH_LABEL[from.month - 1]} ${from.year}`;
  return `${dm(from)} - ${dm(last)} ${from.year}`;
}

// ---------------------------------------------------------------------------
// Parsing time phrases from normalised words

export interface TimeMatch {
  range: DayRange;
  /** Words the phrase used, from the start index. */
  length: number;
}

const UNIT_WORDS: Record<string, RangeUnit> = {
  day: "day",
  days: "day",
  week: "week",
  weeks: "week",
  month: "month",
  months: "month",
  quarter: "quarter",
  quarters: "quarter",
  year: "year",
  years: "year",
};
const ORDINAL_QUARTER: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 };
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };
/** Rolling length of "past week" and the like: the past N days ending today. */
const ROLLING_DAYS: Record<RangeUnit, number> = { day: 1, week: 7, month: 30, quarter: 90, year: 365 };

export function monthNumber(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (word === "sept") return 9;
  const full = MONTHS.indexOf(word as (typeof MONTHS)[number]);
  if (full >= 0) return full + 1;
  const short = MONTH_SHORT.indexOf(word as (typeof MONTH_SHORT)[number]);
  return short >= 0 ? short + 1 : undefined;
}

function numberAt(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const ordinal = /^(\d+)(st|nd|rd|th)?$/.exec(word);
  if (ordinal) return Number(ordinal[1]);
  return NUMBER_WORDS[word];
}

function yearAt(word: string | undefined): number | undefined {
  return word !== undefined && /^(19|20)\d\d$/.test(word) ? Number(word) : undefined;
}

function isDayOfMonth(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 31;
}

/** A date at `words[i]`: "2026-10-01", "oct 5", "october 5th 2026", "5 oct", "the 5th of october". */
function parseDate(words: readonly string[], i: number, today: LocalDate): { date: LocalDate; length: number } | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(words[i] ?? "");
  if (iso) return { date: { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, length: 1 };
  let start = i;
  if (words[start] === "the") start++;
  const month = monthNumber(words[start]);
  if (month !== undefined) {
    const day = numberAt(words[start + 1]);
    if (isDayOfMonth(day)) {
      const year = yearAt(words[start + 2]);
      return { date: resolveDate(today, month, day, year), length: start - i + (year ? 3 : 2) };
    }
    return null;
  }
  const day = numberAt(words[start]);
  if (isDayOfMonth(day) && /^\d/.test(words[start] ?? "")) {
    const of = words[start + 1] === "of" ? 1 : 0;
    const monthAfter = monthNumber(words[start + 1 + of]);
    if (monthAfter !== undefined) {
      const year = yearAt(words[start + 2 + of]);
      return { date: resolveDate(today, monthAfter, day, year), length: start - i + 2 + of + (year ? 1 : 0) };
    }
  }
  return null;
}

/**
 * The time phrase starting at `words[i]`, or null. `words` are lower-case
 * and typo-corrected; "in", "during" and the like before a phrase are the
 * caller's to skip.
 */
export function parseTimePhrase(words: readonly string[], i: number, today: LocalDate): TimeMatch | null {
  const w = words[i];
  const next = words[i + 1];
  if (w === undefined) return null;
  if (w === "today") return { range: unitRange(today, "day"), length: 1 };
  if (w === "yesterday") return { range: unitRange(addDays(today, -1), "day"), length: 1 };
  if (w === "ytd") return { range: { from: startOfUnit(today, "year"), to: addDays(today, 1) }, length: 1 };
  if (w === "mtd") return { range: { from: startOfUnit(today, "month"), to: addDays(today, 1) }, length: 1 };

  // "this month", "current quarter", "this year so far"
  if ((w === "this" || w === "current") && next && UNIT_WORDS[next]) {
    const soFar = words[i + 2] === "so" && words[i + 3] === "far" ? 2 : 0;
    return { range: currentUnit(today, UNIT_WORDS[next]), length: 2 + soFar };
  }

  if (w === "last" || w === "past" || w === "previous" || w === "prior") {
    let j = i + 1;
    if (words[j] === "the") j++;
    const count = numberAt(words[j]);
    // "past 90 days", "last 3 months", "last two weeks"
    if (count !== undefined && count > 0 && words[j + 1] && UNIT_WORDS[words[j + 1]!]) {
      const unit = UNIT_WORDS[words[j + 1]!]!;
      const length = j + 2 - i;
      if (unit === "day") return { range: lastDays(today, count), length };
      if (unit === "week") return { range: lastDays(today, 7 * count), length };
      if (unit === "month") return { range: lastMonths(today, count), length };
      if (unit === "quarter") return { range: lastMonths(today, 3 * count), length };
      return { range: lastMonths(today, 12 * count), length };
    }
    // "last week" is the previous calendar week; "past week" the 7 days up to today.
    const unit = words[j] ? UNIT_WORDS[words[j]!] : undefined;
    if (unit && words[j]!.endsWith("s") === false) {
      if (w === "past") return { range: lastDays(today, ROLLING_DAYS[unit]), length: j + 1 - i };
      if (unit === "day") return { range: unitRange(addDays(today, -1), "day"), length: j + 1 - i };
      return { range: previousUnit(today, unit), length: j + 1 - i };
    }
    return null;
  }

  // "q3", "q3 2026", "the third quarter"
  const q = /^q([1-4])$/.exec(w);
  if (q) {
    const year = yearAt(next);
    return { range: namedQuarter(today, Number(q[1]), year), length: year ? 2 : 1 };
  }
  if (ORDINAL_QUARTER[w] && next === "quarter") {
    const of = words[i + 2] === "of" ? 1 : 0;
    const year = yearAt(words[i + 2 + of]);
    return { range: namedQuarter(today, ORDINAL_QUARTER[w], year), length: year ? 3 + of : 2 };
  }

  // "since jan 1", "since 2026-10-01", "since october"
  if (w === "since") {
    const date = parseDate(words, i + 1, today);
    if (date) return { range: { from: date.date, to: addDays(today, 1) }, length: 1 + date.length };
    const month = monthNumber(next);
    if (month !== undefined) return { range: { from: namedMonth(today, month).from, to: addDays(today, 1) }, length: 2 };
    return null;
  }

  // "between oct 1 and oct 7", "from 2026-10-01 to 2026-10-07" (both days included)
  if (w === "between" || w === "from") {
    const first = parseDate(words, i + 1, today);
    if (!first) return null;
    const joiner = words[i + 1 + first.length];
    if (joiner !== "and" && joiner !== "to" && joiner !== "until" && joiner !== "till" && joiner !== "through") return null;
    const second = parseDate(words, i + 2 + first.length, today);
    if (second) return { range: { from: first.date, to: addDays(second.date, 1) }, length: 2 + first.length + second.length };
    // "between oct 1 and 7": the same month
    const day = numberAt(words[i + 2 + first.length]);
    if (isDayOfMonth(day)) return { range: { from: first.date, to: addDays({ ...first.date, day }, 1) }, length: 3 + first.length };
    return null;
  }

  // A single date: "oct 5", "2026-10-05"
  const date = parseDate(words, i, today);
  if (date) return { range: unitRange(date.date, "day"), length: date.length };

  // "march", "march 2026"
  const month = monthNumber(w);
  if (month !== undefined && w !== "may") {
    const year = yearAt(next);
    return { range: namedMonth(today, month, year), length: year ? 2 : 1 };
  }
  if (w === "may" && (yearAt(next) !== undefined || i === 0 || ["in", "during", "for", "of"].includes(words[i - 1] ?? ""))) {
    const year = yearAt(next);
    return { range: namedMonth(today, 5, year), length: year ? 2 : 1 };
  }
  // "2026"
  const year = yearAt(w);
  if (year !== undefined) return { range: unitRange({ year, month: 1, day: 1 }, "year"), length: 1 };
  return null;
}
