import type { CollectorBackend, CollectorSite } from "./collector-backend";

const SITE_TTL_MS = 30_000;
const MAX_SITES = 10_000;

/**
 * What every batch asks the backend and rarely changes: the site of a write
 * key (unknown keys too, so a flood of bad keys does not reach the database)
 * and the day's salt. Held per collector instance, outliving the
 * per-request backend; a site's new settings apply within SITE_TTL_MS.
 */
export class BackendCache {
  private readonly sites = new Map<string, { site: CollectorSite | null; until: number }>();
  private salt: { day: string; value: Promise<string> } | undefined;
  private previousSalt: { day: string; value: Promise<string> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  async findSite(backend: CollectorBackend, publicKey: string): Promise<CollectorSite | null> {
    const cached = this.sites.get(publicKey);
    if (cached && cached.until > this.now()) return cached.site;
    const site = await backend.findSite(publicKey);
    if (this.sites.size >= MAX_SITES) this.sites.clear();
    this.sites.set(publicKey, { site, until: this.now() + SITE_TTL_MS });
    return site;
  }

  /** The salt of `day`; today's and yesterday's are kept (events arrive across midnight). */
  dailySalt(backend: CollectorBackend, day: string): Promise<string> {
    for (const entry of [this.salt, this.previousSalt]) if (entry?.day === day) return entry.value;
    const value = backend.dailySalt(day);
    // A failed lookup must not be remembered.
    value.catch(() => {
      if (this.salt?.value === value) this.salt = this.previousSalt;
    });
    this.previousSalt = this.salt;
    this.salt = { day, value };
    return value;
  }
}
