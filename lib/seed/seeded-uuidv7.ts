import { hex32, type Random } from "./random";

/**
 * A UUIDv7 (RFC 9562) whose 48-bit timestamp is `ms` and whose 74 random bits
 * come from `random`: seeded data gets ids that sort by event time, like the
 * tracker's, and are the same on every run with the same seed.
 */
export function seededUuidv7(ms: number, random: Random): string {
  const high = hex32(Math.floor(ms / 0x10000)); // the top 32 of the 48 timestamp bits
  const low = (ms % 0x10000).toString(16).padStart(4, "0");
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32() & 0xffff;
  const randA = (r1 & 0xfff).toString(16).padStart(3, "0");
  const variant = (0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16); // 0b10 then 14 random bits
  return `${high}-${low}-7${randA}-${variant}-${hex32(r2)}${r3.toString(16).padStart(4, "0")}`;
}
