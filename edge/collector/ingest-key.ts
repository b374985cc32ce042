import { isTokenOf, TOKEN_PREFIXES } from "@/lib/access/token-format";
import { bytesToHex } from "@/lib/encoding/bytes-to-hex";
import type { CollectorApiKey, CollectorSite } from "./collector-backend";
import { CollectorError } from "./collector-error";

/**
 * Server-side sending: a backend posts its visitors' events with an API key
 * of the `ingest` scope and forwards each visitor's address and user agent
 * in these headers. They are believed only with a valid key; without one
 * anybody could make up visitors.
 */
export const VISITOR_HEADERS = { ip: "x-inlet-visitor-ip", userAgent: "x-inlet-visitor-user-agent" } as const;

const API_KEY_PREFIX = TOKEN_PREFIXES.apiKey;

/**
 * The SHA-256 hex (what `api_keys.secret_hash` holds) of the key in an
 * Authorization header; 401 `invalid_api_key` for anything but
 * "Bearer inlet_key_…", before any lookup.
 */
export async function apiKeyHashOrThrow(authorization: string): Promise<string> {
  const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
  if (!match) throw new CollectorError("invalid_api_key", `send the API key as "Authorization: Bearer ${API_KEY_PREFIX}…"`);
  const key = match[1]!;
  if (!isTokenOf("apiKey", key)) {
    throw new CollectorError("invalid_api_key", `the API key is malformed: Inlet API keys look like "${API_KEY_PREFIX}" and then letters, digits, "-" and "_"`);
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return bytesToHex(new Uint8Array(digest));
}

/**
 * `key` if it may send events for `site`: 401 for an unknown or revoked key,
 * 403 for a read key or a key of another organisation. Nothing of the batch
 * may be stored (or quarantined) before this passes.
 */
export function ingestKeyOrThrow(key: CollectorApiKey | null, site: CollectorSite | null): CollectorApiKey {
  if (!key) throw new CollectorError("invalid_api_key", "no API key matches this one: it is mistyped or was deleted");
  if (key.revoked) throw new CollectorError("invalid_api_key", "this API key was revoked");
  if (key.scope !== "ingest") throw new CollectorError("forbidden", `this API key has the "${key.scope}" scope: sending events needs a key with the "ingest" scope`);
  if (site && site.organisationId !== key.organisationId) {
    throw new CollectorError("forbidden", "this API key belongs to another organisation than the site's");
  }
  return key;
}
