/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the draws the
 * traffic generator needs. Everything seeded data depends on comes from here,
 * never from Math.random or crypto, so a seed always gives the same output.
 */

/** A weighted choice prepared once: cumulative weights for a binary search. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
}

/** Build a table for `Random.weighted` from `[value, weight]` pairs (weights > 0). */
export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  if (entries.length === 0) throw new Error("weightedTable needs at least one entry");
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], index) => {
    if (!(weight > 0)) throw new Error(`weight must be positive, got ${weight}`);
    total += weight;
    cumulative[index] = total;
  });
  return { values: entries.map(([value]) => value), cumulative, total };
}

/** Zipf weights 1/rank^s for `count` ranks (rank 1 first). */
export function zipfWeights(count: number, exponent: number): number[] {
  return Array.from({ length: count }, (_, index) => 1 / Math.pow(index + 1, exponent));
}

/** Mix two 32-bit values into one well-spread 32-bit hash (murmur3's finaliser over a combine). */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** A 32-bit value as 8 lower-case hex digits. */
export function hex32(value: number): string {
  return HEX[(value >>> 24) & 0xff]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;
}

function splitmix32(state: number): number {
  let z = state >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    // splitmix32 spreads even a tiny seed (0, 1, 42) over the whole state.
    this.a = splitmix32(seed + 0x9e3779b9);
    this.b = splitmix32(seed + 2 * 0x9e3779b9);
    this.c = splitmix32(seed + 3 * 0x9e3779b9);
    this.d = splitmix32(seed + 4 * 0x9e3779b9);
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element. */
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  /** An element of `table`, chosen with probability proportional to its weight. */
  weighted<T>(table: WeightedTable<T>): T {
    const target = this.next() * table.total;
    const { cumulative } = table;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return table.values[low]!;
  }

  /** A standard normal draw (Box-Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median; `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}
