import { describe, expect, it } from "vitest";
import { formatLag } from "./system-status";

describe("formatLag", () => {
  it("reads as a person would say it, in the unit that fits", () => {
    expect([0, 40, 3_200, 59_949, 59_990, 270_000, 3_599_000, 7_560_000].map(formatLag)).toEqual([
      "caught up",
      "< 0.1 s behind",
      "3.2 s behind",
      "59.9 s behind",
      "1.0 min behind",
      "4.5 min behind",
      "1.0 h behind",
      "2.1 h behind",
    ]);
  });
});
