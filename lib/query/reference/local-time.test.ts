import { describe, expect, it } from "vitest";
import { addHours, hoursOf, isHourLabel, localHour, localTime, startOfInterval, utcOffsetMinutes } from "./local-time";

describe("localTime", () => {
  it("shifts half-hour zones by their odd offsets", () => {
    expect(localTime(new Date("2026-01-01T18:30:00.000Z"), "Asia/Kolkata")).toBe("2026-01-02T00:00:00.000");
    expect(localTime(new Date("2026-01-01T18:29:59.999Z"), "Asia/Kolkata")).toBe("2026-01-01T23:59:59.999");
    expect(utcOffsetMinutes(new Date("2026-07-01T12:00:00Z"), "America/St_Johns")).toBe(-150);
    expect(utcOffsetMinutes(new Date("2026-12-01T12:00:00Z"), "America/St_Johns")).toBe(-210);
    // Adelaide is on summer time in January (+10:30) and standard time in July (+9:30).
    expect(utcOffsetMinutes(new Date("2026-01-15T00:00:00Z"), "Australia/Adelaide")).toBe(630);
    expect(utcOffsetMinutes(new Date("2026-07-15T00:00:00Z"), "Australia/Adelaide")).toBe(570);
  });

  it("puts both passes through the repeated hour of a fall-back into one local hour", () => {
    // New York falls back at 02:00 EDT on 2026-11-01: 01:xx happens twice.
    const firstPass = new Date("2026-11-01T05:30:00Z");
    const secondPass = new Date("2026-11-01T06:30:00Z");
    expect(localTime(firstPass, "America/New_York")).toBe("2026-11-01T01:30:00.000");
    expect(localTime(secondPass, "America/New_York")).toBe("2026-11-01T01:30:00.000");
    expect(localHour(firstPass, "America/New_York")).toBe("2026-11-01T01:00");
    expect(localHour(secondPass, "America/New_York")).toBe("2026-11-01T01:00");
    expect(localHour(new Date("2026-11-01T07:00:00Z"), "America/New_York")).toBe("2026-11-01T02:00");
  });

  it("skips the missing hour of a spring-forward", () => {
    expect(localTime(new Date("2026-03-08T06:59:59.999Z"), "America/New_York")).toBe("2026-03-08T01:59:59.999");
    expect(localTime(new Date("2026-03-08T07:00:00.000Z"), "America/New_York")).toBe("2026-03-08T03:00:00.000");
  });
});

describe("hour labels", () => {
  it("walk the wall clock, the hour that does not exist on a spring-forward day included", () => {
    expect(hoursOf("2026-03-08T00:00", "2026-03-08T04:00")).toEqual([
      "2026-03-08T00:00",
      "2026-03-08T01:00",
      "2026-03-08T02:00",
      "2026-03-08T03:00",
    ]);
    expect(hoursOf("2026-03-08T04:00", "2026-03-08T04:00")).toEqual([]);
    expect(addHours("2026-12-31T23:00", 1)).toBe("2027-01-01T00:00");
    expect(addHours("2026-03-01T00:00", -1)).toBe("2026-02-28T23:00");
  });

  it("accept only real hours", () => {
    expect(isHourLabel("2026-02-28T23:00")).toBe(true);
    expect(isHourLabel("2026-02-29T00:00")).toBe(false);
    expect(isHourLabel("2026-01-01T24:00")).toBe(false);
    expect(isHourLabel("2026-01-01T01:30")).toBe(false);
    expect(isHourLabel("2026-01-01 01:00")).toBe(false);
  });

  it("start weeks on Monday, months on the 1st, days at midnight", () => {
    // 2026-11-01 is a Sunday: its week began on Monday 2026-10-26.
    expect(startOfInterval("2026-11-01T15:00", "week")).toBe("2026-10-26T00:00");
    expect(startOfInterval("2026-11-02T00:00", "week")).toBe("2026-11-02T00:00");
    expect(startOfInterval("2026-11-08T23:00", "week")).toBe("2026-11-02T00:00");
    // A week that starts in the previous year.
    expect(startOfInterval("2027-01-01T05:00", "week")).toBe("2026-12-28T00:00");
    expect(startOfInterval("2026-11-01T15:00", "month")).toBe("2026-11-01T00:00");
    expect(startOfInterval("2026-10-31T23:00", "month")).toBe("2026-10-01T00:00");
    expect(startOfInterval("2026-10-31T23:00", "day")).toBe("2026-10-31T00:00");
    expect(startOfInterval("2026-10-31T23:00", "hour")).toBe("2026-10-31T23:00");
  });
});
