import type { CollectorBackend, CollectorSite } from "./collector-backend";
import { INTERNAL_COLLECTOR_PATH, type InternalRequest } from "./internal-protocol";

const SITE_CACHE_MS = 30_000;

/**
 * The embedded default's backend: the Edge runtime cannot open the embedded
 * database, so every call is handed to the app's Node side over loopback.
 * Sites and salts are cached briefly per isolate to keep that to one call
 * (the append) per batch.
 */
export function internalHttpBackend(options: { baseUrl: string; token: string; fetch?: typeof fetch }): CollectorBackend {
  const doFetch = options.fetch ?? fetch;
  const sites = new Map<string, { site: CollectorSite | null; until: number }>();
  const salts = new Map<string, string>();

  async function call<T>(request: InternalRequest): Promise<T> {
    const response = await doFetch(new URL(INTERNAL_COLLECTOR_PATH, options.baseUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (!response.ok) throw new Error(`internal collector call ${request.op} failed with ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    async findSite(publicKey) {
      const cached = sites.get(publicKey);
      if (cached && cached.until > Date.now()) return cached.site;
      const { site } = await call<{ site: CollectorSite | null }>({ op: "findSite", publicKey });
      sites.set(publicKey, { site, until: Date.now() + SITE_CACHE_MS });
      return site;
    },
    async append(rows) {
      await call({ op: "append", rows });
    },
    async quarantine(siteId, entries) {
      await call({ op: "quarantine", siteId, entries });
    },
    async dailySalt(day) {
      let salt = salts.get(day);
      if (!salt) {
        ({ salt } = await call<{ salt: string }>({ op: "dailySalt", day }));
        salts.clear(); // only today's (or yesterday's) salt is ever needed
        salts.set(day, salt);
      }
      return salt;
    },
  };
}
