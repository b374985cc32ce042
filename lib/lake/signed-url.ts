import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { assertBlobKey } from "./blob-key";

/**
 * Signed URLs of the local lake folder: `/api/lake/<key>?expires=<unix s>&sig=<mac>`,
 * where mac = HMAC-SHA256 over the key and the expiry under a key derived from
 * AUTH_SECRET. The URL is minted only for a tenant's own files (by a caller
 * checked elsewhere); the key inside the MAC is what ties it to that file, so
 * the signature is the whole credential of the serving route.
 */

export const LAKE_ROUTE_PREFIX = "/api/lake/";

/**
 * A key of its own for lake URLs, so that a MAC made here can never be taken
 * for one made with AUTH_SECRET elsewhere (sessions, internal calls).
 */
function lakeUrlKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("inlet:lake-url").digest();
}

function mac(secret: string, key: string, expires: number): string {
  // Keys cannot contain a newline (blob-key.ts), so this message is unambiguous.
  return createHmac("sha256", lakeUrlKey(secret)).update(`${expires}\n${key}`).digest("base64url");
}

/** The relative URL that serves `key` until `expires` (unix seconds). */
export function signLakeUrl(secret: string, key: string, expires: number): string {
  assertBlobKey(key);
  if (!Number.isSafeInteger(expires)) throw new RangeError(`expires must be whole unix seconds, not ${expires}`);
  // Key characters are all legal in a URL path as they are (blob-key.ts): no escaping.
  return `${LAKE_ROUTE_PREFIX}${key}?expires=${expires}&sig=${mac(secret, key, expires)}`;
}

export type LakeUrlCheck =
  | { ok: true; expires: number }
  | { ok: false; reason: "missing" | "invalid" | "expired" };

/**
 * Whether `expires` and `sig` (the URL's query values) were signed for `key`
 * and are still valid at `nowMs`. The MAC is checked first, so only a genuine
 * URL learns that it has expired.
 */
export function verifyLakeUrl(secret: string, key: string, expires: string | null, sig: string | null, nowMs = Date.now()): LakeUrlCheck {
  if (!expires || !sig) return { ok: false, reason: "missing" };
  if (!/^[1-9]\d{0,14}$/.test(expires)) return { ok: false, reason: "invalid" };
  const expiresAt = Number(expires);
  const expected = Buffer.from(mac(secret, key, expiresAt));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (expiresAt * 1000 <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, expires: expiresAt };
}
