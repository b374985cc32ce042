import type { CollectedEvent } from "./collected-event";

/** What the collector needs to know about the site a write key belongs to. */
export interface CollectorSite {
  id: string;
  /** Whose ingest keys may send for the site. */
  organisationId: string;
  allowedDomains: string[];
  /** IANA zone: a visitor id lasts one local day of the site (see collector-app.ts). */
  timeZone: string;
}

/**
 * An organisation's API key as the collector sees it, found by the SHA-256
 * (hex) of the whole key: the key itself never leaves the collector.
 */
export interface CollectorApiKey {
  id: string;
  organisationId: string;
  scope: "read" | "ingest";
  /** Revoked keys are found too, so the answer can say why a key is refused. */
  revoked: boolean;
}

/**
 * Where the collector reads sites and appends events. Production talks to
 * Postgres from the edge (Neon); the embedded default hands over to the
 * app's Node side, which owns the embedded database.
 */
export interface CollectorBackend {
  findSite(publicKey: string): Promise<CollectorSite | null>;
  /**
   * The API key whose SHA-256 hex is `secretHash`, or null. Also records a
   * live key's last use (the database writes that at most once a minute).
   */
  findApiKey(secretHash: string): Promise<CollectorApiKey | null>;
  /** Resolves only once the rows are committed; a duplicate id is stored once. */
  append(rows: CollectedEvent[]): Promise<void>;
  /** The secret salt of a calendar day ("YYYY-MM-DD"), made on first use; salts two days older than the newest are destroyed. */
  dailySalt(day: string): Promise<string>;
  /** Keep rejected input for the site owner to inspect (bounded per site). */
  quarantine(siteId: string, entries: QuarantineEntry[]): Promise<void>;
}

export interface QuarantineEntry {
  reason: string;
  payload: string;
}
