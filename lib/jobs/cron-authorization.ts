import "server-only";
import { tokensEqual } from "@/lib/auth/internal-token";
import { bytesToHex } from "@/lib/encoding/bytes-to-hex";
import { env } from "@/lib/env";

/**
 * The answer a cron route gives instead of running, or null when the caller
 * sent `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends): 503
 * while CRON_SECRET is unset, 401 for any other header.
 */
export async function cronRefusal(authorization: string | null): Promise<{ status: number; body: unknown } | null> {
  const secret = env().CRON_SECRET;
  if (!secret) {
    return { status: 503, body: { error: { code: "not_configured", message: "CRON_SECRET is not set: the cron route stays closed until it is" } } };
  }
  if (!authorization || !(await secretsEqual(authorization, `Bearer ${secret}`))) {
    return { status: 401, body: { error: { code: "unauthorized", message: "cron route: bad or missing bearer token" } } };
  }
  return null;
}

// Digests first: equal lengths, so the comparison reveals nothing about the secret's length either.
async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
  return tokensEqual(await digest(given), await digest(expected));
}
