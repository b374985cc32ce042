import type { CollectorApiKey, CollectorBackend, CollectorSite } from "./collector-backend";
import { INTERNAL_COLLECTOR_PATH, type InternalRequest } from "./internal-protocol";

/**
 * The embedded default's backend: the Edge runtime cannot open the embedded
 * database, so every call is handed to the app's Node side over loopback.
 * (The collector caches sites and salts, so a batch is usually one call.)
 */
export function internalHttpBackend(options: { baseUrl: string; token: string }): CollectorBackend {
  async function call<T>(request: InternalRequest): Promise<T> {
    const response = await fetch(new URL(INTERNAL_COLLECTOR_PATH, options.baseUrl), {
      method: "POST",
      // identity: left to fetch's default, Next gzips each answer over loopback and undici unzips it (~5% of the CPU).
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json", "accept-encoding": "identity" },
      body: JSON.stringify(request),
    });
    if (!response.ok) throw new Error(`internal collector call ${request.op} failed with ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    async findSite(publicKey) {
      return (await call<{ site: CollectorSite | null }>({ op: "findSite", publicKey })).site;
    },
    async findApiKey(secretHash) {
      return (await call<{ key: CollectorApiKey | null }>({ op: "findApiKey", secretHash })).key;
    },
    async append(rows) {
      await call({ op: "append", rows });
    },
    async quarantine(siteId, entries) {
      await call({ op: "quarantine", siteId, entries });
    },
    async dailySalt(day) {
      return (await call<{ salt: string }>({ op: "dailySalt", day })).salt;
    },
  };
}
