/**
 * Token buckets keyed by IP or site, held in the memory of one collector
 * instance. Each Edge instance limits on its own: a flood is spread over
 * instances, so a shared store is only worth it once one instance's limit
 * is too loose in practice.
 */
export interface RateLimit {
  /** Tokens added per second; 0 turns the limit off. */
  perSecond: number;
  /** The most tokens a key can save up (the allowed burst). */
  burst: number;
}

/** The most keys tracked; past it the oldest-touched half is forgotten (they refill to full anyway). */
const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Take `cost` tokens for `key`. Returns 0 when allowed, otherwise the
   * seconds to wait before the same request would be (for Retry-After).
   */
  take(key: string, cost = 1): number {
    const { perSecond, burst } = this.limit;
    if (perSecond <= 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    // Re-insert so Map order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_KEYS) this.forgetOldest();
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(cost, burst) - bucket.tokens) / perSecond));
  }

  private forgetOldest() {
    let drop = this.buckets.size / 2;
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
