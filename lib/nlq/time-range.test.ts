import { describe, expect, it } from "vitest";
import { tokenize } from "./read-words";
import { formatRange, isoDate, localDateAt, parseTimePhrase, previousPeriod, type DayRange, type LocalDate } from "./time-range";

/** The range a phrase names when asked at `now` in `timeZone`, as [first day, day after]. */
function rangeOf(phrase: string, now: string, timeZone = "Europe/Berlin"): [string, string] | null {
  const today = localDateAt(new Date(now), timeZone);
  const words = tokenize(phrase).map((token) => (token.kind === "word" ? token.text : token.kind === "number" ? String(token.value) : token.raw));
  const match = parseTimePhrase(words, 0, today);
  if (!match || match.length !== words.length) return null;
  return [isoDate(match.range.from), isoDate(match.range.to)];
}

const range = (from: LocalDate, to: LocalDate, extra: Partial<DayRange> = {}): DayRange => ({ from, to, ...extra });
const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

describe("time phrases in the site's zone", () => {
  // Thursday 12 Nov 2026, 12:00 in Berlin.
  const NOW = "2026-11-12T11:00:00Z";

  it("reads today and yesterday as local days", () => {
    expect(rangeOf("today", NOW)).toEqual(["2026-11-12", "2026-11-13"]);
    expect(rangeOf("yesterday", NOW)).toEqual(["2026-11-11", "2026-11-12"]);
  });

  it("takes today from the site's zone, not UTC", () => {
    // 23:30 UTC on 12 Nov is already 13 Nov in Berlin, still 12 Nov in New York.
    expect(rangeOf("today", "2026-11-12T23:30:00Z", "Europe/Berlin")).toEqual(["2026-11-13", "2026-11-14"]);
    expect(rangeOf("today", "2026-11-12T23:30:00Z", "America/New_York")).toEqual(["2026-11-12", "2026-11-13"]);
    expect(rangeOf("yesterday", "2026-03-01T00:30:00Z", "Asia/Tokyo")).toEqual(["2026-02-28", "2026-03-01"]);
  });

  it("reads last week as the previous Monday to Sunday, and past week as the last 7 days", () => {
    expect(rangeOf("last week", NOW)).toEqual(["2026-11-02", "2026-11-09"]);
    expect(rangeOf("this week", NOW)).toEqual(["2026-11-09", "2026-11-16"]);
    expect(rangeOf("past week", NOW)).toEqual(["2026-11-06", "2026-11-13"]);
    // On a Monday, last week is the seven days just before.
    expect(rangeOf("last week", "2026-11-09T08:00:00Z")).toEqual(["2026-11-02", "2026-11-09"]);
    // On a Sunday, this week began six days ago.
    expect(rangeOf("this week", "2026-11-15T20:00:00Z")).toEqual(["2026-11-09", "2026-11-16"]);
  });

  it("reads months and quarters up to their boundaries", () => {
    expect(rangeOf("last month", NOW)).toEqual(["2026-10-01", "2026-11-01"]);
    expect(rangeOf("last month", "2026-03-31T10:00:00Z")).toEqual(["2026-02-01", "2026-03-01"]);
    expect(rangeOf("last month", "2026-01-15T10:00:00Z")).toEqual(["2025-12-01", "2026-01-01"]);
    expect(rangeOf("this quarter", NOW)).toEqual(["2026-10-01", "2027-01-01"]);
    expect(rangeOf("last quarter", NOW)).toEqual(["2026-07-01", "2026-10-01"]);
    expect(rangeOf("last quarter", "2026-02-10T10:00:00Z")).toEqual(["2025-10-01", "2026-01-01"]);
    expect(rangeOf("q3", NOW)).toEqual(["2026-07-01", "2026-10-01"]);
    expect(rangeOf("third quarter", NOW)).toEqual(["2026-07-01", "2026-10-01"]);
    // A quarter that has not begun yet this year is last year's.
    expect(rangeOf("q4", "2026-05-01T10:00:00Z")).toEqual(["2025-10-01", "2026-01-01"]);
    expect(rangeOf("q1 2025", NOW)).toEqual(["2025-01-01", "2025-04-01"]);
  });

  it("reads a month name as the latest one that has begun", () => {
    expect(rangeOf("march", NOW)).toEqual(["2026-03-01", "2026-04-01"]);
    expect(rangeOf("november", NOW)).toEqual(["2026-11-01", "2026-12-01"]);
    expect(rangeOf("december", NOW)).toEqual(["2025-12-01", "2026-01-01"]);
    expect(rangeOf("feb 2024", NOW)).toEqual(["2024-02-01", "2024-03-01"]);
  });

  it("reads since, between and single dates", () => {
    expect(rangeOf("since jan 1", NOW)).toEqual(["2026-01-01", "2026-11-13"]);
    expect(rangeOf("since January 1st", NOW)).toEqual(["2026-01-01", "2026-11-13"]);
    expect(rangeOf("since 2026-10-01", NOW)).toEqual(["2026-10-01", "2026-11-13"]);
    // A date later in the year than today is last year's.
    expect(rangeOf("since dec 24", NOW)).toEqual(["2025-12-24", "2026-11-13"]);
    expect(rangeOf("between oct 5 and oct 11", NOW)).toEqual(["2026-10-05", "2026-10-12"]);
    expect(rangeOf("from 2026-10-01 to 2026-10-07", NOW)).toEqual(["2026-10-01", "2026-10-08"]);
    expect(rangeOf("oct 25", NOW)).toEqual(["2026-10-25", "2026-10-26"]);
    expect(rangeOf("5th of october", NOW)).toEqual(["2026-10-05", "2026-10-06"]);
  });

  it("reads rolling ranges as whole days ending today", () => {
    expect(rangeOf("past 90 days", NOW)).toEqual(["2026-08-15", "2026-11-13"]);
    expect(rangeOf("last 7 days", NOW)).toEqual(["2026-11-06", "2026-11-13"]);
    expect(rangeOf("last two weeks", NOW)).toEqual(["2026-10-30", "2026-11-13"]);
    expect(rangeOf("past 3 months", NOW)).toEqual(["2026-08-13", "2026-11-13"]);
  });

  it("counts whole local days across DST changes", () => {
    // Berlin leaves summer time on 25 Oct 2026: that day has 25 hours, still one local day.
    expect(rangeOf("yesterday", "2026-10-26T09:00:00Z")).toEqual(["2026-10-25", "2026-10-26"]);
    // Just after local midnight on the day clocks go forward (29 Mar 2026, 00:30 CET = 23:30 UTC the day before).
    expect(rangeOf("today", "2026-03-28T23:30:00Z")).toEqual(["2026-03-29", "2026-03-30"]);
    // A week spanning the change is still Monday to Monday.
    expect(rangeOf("last week", "2026-10-28T12:00:00Z")).toEqual(["2026-10-19", "2026-10-26"]);
    expect(rangeOf("past 7 days", "2026-03-31T12:00:00Z")).toEqual(["2026-03-25", "2026-04-01"]);
  });

  it("refuses words that are not a time phrase", () => {
    expect(rangeOf("germany", NOW)).toBeNull();
    expect(rangeOf("last page", NOW)).toBeNull();
  });
});

describe("previous period", () => {
  it("steps back by calendar units when the range was named by them", () => {
    expect(previousPeriod(range(d(2026, 10, 1), d(2026, 11, 1), { unit: "month", count: 1 }))).toMatchObject({ from: d(2026, 9, 1), to: d(2026, 10, 1) });
    expect(previousPeriod(range(d(2026, 3, 1), d(2026, 4, 1), { unit: "month", count: 1 }))).toMatchObject({ from: d(2026, 2, 1), to: d(2026, 3, 1) });
    expect(previousPeriod(range(d(2026, 7, 1), d(2026, 10, 1), { unit: "quarter", count: 1 }))).toMatchObject({ from: d(2026, 4, 1), to: d(2026, 7, 1) });
  });

  it("takes the same number of days before a rolling range", () => {
    expect(previousPeriod(range(d(2026, 11, 6), d(2026, 11, 13)))).toEqual({ from: d(2026, 10, 30), to: d(2026, 11, 6) });
  });
});

describe("formatRange", () => {
  it("writes ranges the way the restatement shows them", () => {
    expect(formatRange(range(d(2026, 10, 1), d(2026, 11, 1)))).toBe("1-31 Oct 2026");
    expect(formatRange(range(d(2026, 9, 28), d(2026, 10, 5)))).toBe("28 Sep - 4 Oct 2026");
    expect(formatRange(range(d(2026, 11, 12), d(2026, 11, 13)))).toBe("12 Nov 2026");
    expect(formatRange(range(d(2025, 12, 24), d(2026, 1, 2)))).toBe("24 Dec 2025 - 1 Jan 2026");
  });
});
