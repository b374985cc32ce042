import type { CollectorApiKey, CollectorBackend, CollectorSite } from "./collector-backend";

const SITE_TTL_MS = 30_000;
const MAX_SITES = 10_000;
/** A revoked ingest key keeps working on an instance that looked it up for at most this long. */
export const API_KEY_TTL_MS = 30_000;
const MAX_API_KEYS = 10_000;
/** Local days in flight at once: yesterday, today and tomorrow somewhere on Earth, and a late one. */
const MAX_SALTS = 4;

/**
 * What every batch asks the backend and rarely changes: the site of a write
 * key (unknown keys too, so a flood of bad keys does not reach the database),
 * the API key of a server that sends (by the key's hash, never the key; unknown
 * ones too) and the day's salt. Held per collector instance, outliving the
 * per-request backend; a site's new settings apply within SITE_TTL_MS, a
 * revoked key is refused within API_KEY_TTL_MS.
 */
export class BackendCache {
  private readonly sites: Expiring<CollectorSite | null>;
  /** By SHA-256 hex of the key. */
  private readonly apiKeys: Expiring<CollectorApiKey | null>;
  /** By day, oldest first: sites in zones a day apart, and late events, ask for several at once. */
  private readonly salts = new Map<string, Promise<string>>();

  constructor(now: () => number = Date.now) {
    this.sites = new Expiring(SITE_TTL_MS, MAX_SITES, now);
    this.apiKeys = new Expiring(API_KEY_TTL_MS, MAX_API_KEYS, now);
  }

  findSite(backend: CollectorBackend, publicKey: string): Promise<CollectorSite | null> {
    return this.sites.get(publicKey, () => backend.findSite(publicKey));
  }

  /** The API key whose SHA-256 hex is `secretHash`, or null. */
  findApiKey(backend: CollectorBackend, secretHash: string): Promise<CollectorApiKey | null> {
    return this.apiKeys.get(secretHash, () => backend.findApiKey(secretHash));
  }

  /** Whether `secretHash` is a live ingest key as far as this cache knows now, so that no lookup is needed. */
  knowsLiveIngestKey(secretHash: string): boolean {
    const key = this.apiKeys.peek(secretHash);
    return !!key && key.scope === "ingest" && !key.revoked;
  }

  /** The salt of `day`; the last MAX_SALTS days asked for are kept. */
  dailySalt(backend: CollectorBackend, day: string): Promise<string> {
    const cached = this.salts.get(day);
    if (cached) return cached;
    const value = backend.dailySalt(day);
    // A failed lookup must not be remembered.
    value.catch(() => {
      if (this.salts.get(day) === value) this.salts.delete(day);
    });
    this.salts.set(day, value);
    if (this.salts.size > MAX_SALTS) this.salts.delete(this.salts.keys().next().value!);
    return value;
  }
}

/** Values remembered for `ttlMs`; past `max` entries all are forgotten (they are cheap to ask again). */
class Expiring<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  /** The value of `key` if remembered and fresh. */
  peek(key: string): T | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > this.now() ? entry.value : undefined;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.value;
    const value = await load();
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }
}
