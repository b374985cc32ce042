import { describe, expect, it } from "vitest";
import { parseSeedArgs, SEED_DEFAULTS, SeedArgsError } from "./parse-seed-args";

describe("parseSeedArgs", () => {
  it("uses the defaults when no flags are given", () => {
    expect(parseSeedArgs([])).toEqual({ ...SEED_DEFAULTS, end: undefined, keepExisting: false, help: false });
    expect(SEED_DEFAULTS).toEqual({ events: 200_000, days: 30, seed: 42 });
  });

  it("reads every flag, with or without =", () => {
    expect(parseSeedArgs(["--events", "1000000", "--days=7", "--seed", "0", "--end", "2026-11-15T12:00:00Z", "--keep-existing"])).toEqual({
      events: 1_000_000,
      days: 7,
      seed: 0,
      end: new Date("2026-11-15T12:00:00Z"),
      keepExisting: true,
      help: false,
    });
    expect(parseSeedArgs(["-h"]).help).toBe(true);
    expect(parseSeedArgs(["--end", "2026-11-15"]).end).toEqual(new Date("2026-11-15T00:00:00Z"));
    expect(parseSeedArgs(["--end", "2028-02-29T23:30:00.5+02:00"]).end).toEqual(new Date("2028-02-29T21:30:00.500Z"));
  });

  it("takes readable event counts", () => {
    expect(parseSeedArgs(["--events", "10m"]).events).toBe(10_000_000);
    expect(parseSeedArgs(["--events", "250K"]).events).toBe(250_000);
    expect(parseSeedArgs(["--events", "1_000_000"]).events).toBe(1_000_000);
    expect(parseSeedArgs(["--events", "0"]).events).toBe(0);
  });

  it.each([
    [["--events", "abc"], /--events must be a whole number/],
    [["--events", "1.5"], /--events must be a whole number/],
    [["--events", "-5"], /--events/],
    [["--events", "2000m"], /--events must be from 0 to 1000000000/],
    [["--days", "0"], /--days must be from 1 to 3650/],
    [["--days", "3651"], /--days must be from 1 to 3650/],
    [["--days", "2k"], /--days must be a whole number, got "2k"/],
    [["--seed", "4294967296"], /--seed must be from 0 to 4294967295/],
    [["--seed", "x"], /--seed must be a whole number/],
    [["--end", "yesterday"], /--end must be an ISO date/],
    [["--end", "2026-02-30T00:00:00Z"], /--end must be an ISO date/],
    [["--end", "2026-11-15T12:00"], /--end must be an ISO date/],
    [["--end", "2026-11-15T24:00:00Z"], /--end must be an ISO date/],
    [["--events"], /--events/],
    [["--keep-existing=yes"], /--keep-existing/],
    [["--dayz", "3"], /--dayz/],
    [["extra"], /extra/],
  ])("rejects %j with a message naming the problem", (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(SeedArgsError);
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });
});
