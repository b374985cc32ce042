import { bytesToHex } from "@/lib/encoding/bytes-to-hex";

/**
 * The bearer token the Edge collector shows the app's Node side in the
 * embedded default: an HMAC of a fixed label under AUTH_SECRET, so no second
 * secret needs configuring. Edge-safe (Web Crypto only).
 */
export async function internalToken(secret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("inlet:internal-collector"));
  return bytesToHex(new Uint8Array(mac));
}

/** Constant-time comparison of two tokens. */
export function tokensEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
