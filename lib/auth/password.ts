import "server-only";
import { hash, verify } from "@node-rs/argon2";

/** Hash a password as an argon2id PHC string (the library's OWASP-recommended defaults). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when `password` matches the stored hash; false for a malformed or missing hash (an account without a password) too. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
