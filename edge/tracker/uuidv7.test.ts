import { describe, expect, it } from "vitest";
import { wireEvent } from "../collector/wire-schema";
import { uuidv7 } from "./uuidv7";

describe("uuidv7", () => {
  it("lays out version 7 and variant 10, and the collector's schema accepts it", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7(Date.now());
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(wireEvent.shape.id.safeParse(id).success).toBe(true);
    }
  });

  it("embeds the 48-bit millisecond timestamp from 2004 to 2527", () => {
    expect(uuidv7(0x0123_4567_89ab)).toMatch(/^01234567-89ab-7/);
    expect(uuidv7(2 ** 40)).toMatch(/^01000000-0000-7/);
    expect(uuidv7(2 ** 44 - 1)).toMatch(/^0fffffff-ffff-7/);
    const now = Date.now();
    expect(parseInt(uuidv7(now).replace("-", "").slice(0, 12), 16)).toBe(now);
  });

  it("sorts ids by time and fills the rest at random", () => {
    const start = Date.now();
    const inTimeOrder = Array.from({ length: 300 }, (_, i) => uuidv7(start + i * 7));
    expect([...inTimeOrder].sort()).toEqual(inTimeOrder);
    const sameMillisecond = Array.from({ length: 1000 }, () => uuidv7(start));
    expect(new Set(sameMillisecond).size).toBe(1000);
    // All four variant digits turn up: the two bits after the variant are random too.
    expect(new Set(sameMillisecond.map((id) => id[19])).size).toBe(4);
  });
});
