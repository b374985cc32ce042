import "server-only";
import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A new public write key: "pk_" and 24 characters drawn uniformly (randomInt
 * rejects biased draws) from letters and digits, about 143 bits. Letters and
 * digits only, so a double-click selects the whole key.
 */
export function generatePublicKey(): string {
  let key = "pk_";
  for (let i = 0; i < 24; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}
