import type { CollectorBackend, CollectorSite } from "./collector-backend";

const SITE_TTL_MS = 30_000;
const MAX_SITES = 10_000;
/** Local days in flight at once: yesterday, today and tomorrow somewhere on Earth, and a late one. */
const MAX_SALTS = 4;

/**
 * What every batch asks the backend and rarely changes: the site of a write
 * key (unknown keys too, so a flood of bad keys does not reach the database)
 * and the day's salt. Held per collector instance, outliving the
 * per-request backend; a site's new settings apply within SITE_TTL_MS.
 */
export class BackendCache {
  private readonly sites = new Map<string, { site: CollectorSite | null; until: number }>();
  /** By day, oldest first: sites in zones a day apart, and late events, ask for several at once. */
  private readonly salts = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  async findSite(backend: CollectorBackend, publicKey: string): Promise<CollectorSite | null> {
    const cached = this.sites.get(publicKey);
    if (cached && cached.until > this.now()) return cached.site;
    const site = await backend.findSite(publicKey);
    if (this.sites.size >= MAX_SITES) this.sites.clear();
    this.sites.set(publicKey, { site, until: this.now() + SITE_TTL_MS });
    return site;
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
