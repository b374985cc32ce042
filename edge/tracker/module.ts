/**
 * The tracker as an ES module, for apps that bundle it instead of embedding
 * the script tag:
 *
 *   import { init, track, identify } from ".../edge/tracker/module";
 *   init({ site: "pk_…", endpoint: "https://APP/api/collect", outbound: true });
 *   track("signup", { plan: "pro" });
 *
 * The same implementation as the script (start-tracker.ts, and
 * track-link-clicks.ts, which the script loads as an extension), with options
 * in place of data- attributes. Use one or the other on a page, not both: each
 * would count the page. Defines no globals. Until init() has run (and on the
 * server, where init() does nothing) the other functions do nothing, so an
 * app may call them from code that also renders on the server.
 */
import { startTracker, type Inlet, type Props } from "./start-tracker";
import { trackLinkClicks } from "./track-link-clicks";

export type { Props };

export interface InitOptions {
  /** The site's public key. */
  site: string;
  /** The collector's POST /api/collect, e.g. "https://APP/api/collect". */
  endpoint: string | URL;
  /** Count `/a#x` and `/a#y` as two pages (hash routers); as `data-hash`. */
  hash?: boolean;
  /** Send `outbound` on clicks on links to another hostname; as `data-outbound`. */
  outbound?: boolean;
  /** Send `download` on clicks on links to files: true for pdf, zip, dmg, exe, csv, xlsx, docx, mp4, mp3, or the (lower-case) extensions; as `data-downloads`. */
  downloads?: boolean | string[];
  /** Send nothing when the browser asks not to be tracked (Do Not Track, Global Privacy Control); as `data-respect-dnt`. */
  respectDnt?: boolean;
  /** The signed-in user, if known at start, so that the first pageview carries it; see identify(). */
  userId?: string | number | null;
}

let inlet: Inlet | undefined;

/** Starts tracking this page and counts it; later calls do nothing. */
export function init(options: InitOptions): void {
  if (inlet || typeof window == "undefined") return;
  const attribute = (on: boolean | undefined) => (on ? "" : undefined);
  const { downloads } = options;
  const started = startTracker({
    site: options.site,
    api: options.endpoint,
    hash: attribute(options.hash),
    respectDnt: attribute(options.respectDnt),
  });
  inlet = started;
  if (options.outbound || downloads) {
    const links = { outbound: attribute(options.outbound), downloads: Array.isArray(downloads) ? downloads.join(",") : attribute(downloads) };
    trackLinkClicks(links, started);
  }
  if (options.userId) started("identify", options.userId);
  started();
}

/**
 * Tracks a custom event. "identify" and "" are not event names here (the
 * script's API uses them for identify and pageview): such calls do nothing.
 */
export function track(name: string, props?: Props): void {
  if (name && name != "identify") inlet?.(name, props);
}

/** This tab's later events carry `user_id` (a number is sent as its digits); a falsy id forgets it. Kept in sessionStorage, for this tab only. */
export function identify(userId: string | number | null | undefined): void {
  inlet?.("identify", userId);
}

/**
 * Counts a pageview of the current URL, unless it was the last one counted.
 * Rarely needed: SPA navigations are noticed on their own within half a second.
 */
export function pageview(): void {
  inlet?.();
}
