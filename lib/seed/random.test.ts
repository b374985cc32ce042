import { describe, expect, it } from "vitest";
import { Random, weightedTable } from "./random";
import { seededUuidv7 } from "./seeded-uuidv7";

describe("Random", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it("draws in range and in proportion to weights", () => {
    const random = new Random(1);
    const table = weightedTable<"a" | "b">([
      ["a", 1],
      ["b", 3],
    ]);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 40_000; i++) {
      counts[random.weighted(table)]++;
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const n = random.between(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(() => weightedTable([["x", 0]])).toThrow(/positive/);
    expect(() => weightedTable([])).toThrow();
  });
});

describe("seededUuidv7", () => {
  it("makes RFC 9562 version 7 ids that carry the given millisecond", () => {
    const random = new Random(7);
    for (const ms of [0, 1, 1_763_208_000_123, 2 ** 48 - 1]) {
      const id = seededUuidv7(ms, random);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(ms);
    }
  });
});
