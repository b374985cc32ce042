/**
 * The tracker's one implementation, shared by the script tag build
 * (tracker.ts -> public/s.js) and the ES module (module.ts). Every byte ships
 * to every visitor of every site, and the script must stay at most 1 KB
 * gzipped (tracker.test.ts fails above it): keep the source readable and let
 * esbuild shrink it. ARCHITECTURE.md has the map and the trade-offs the budget
 * forced.
 *
 * Delivery is at least once: an event leaves the queue only when the collector
 * answered, and its client-made UUIDv7 lets the collector store a resent
 * event once.
 */
import type { WireEvent } from "../collector/wire-schema";
import { uuidv7 } from "./uuidv7";

export type Props = NonNullable<WireEvent["props"]>;

/**
 * The options, spelt as the script tag's data- attributes: an absent one is
 * undefined, one present without a value is "". The script passes its tag's
 * dataset as is; module.ts turns its typed options into these.
 */
export interface TrackerAttributes {
  /** The site's public key. Without it the collector refuses every batch. */
  site?: string;
  /** The collector's POST /api/collect. */
  api: string | URL;
  /** Count `/a#x` and `/a#y` as two pages (hash routers). */
  hash?: string;
  /** Send nothing when the browser asks not to be tracked (Do Not Track, Global Privacy Control). */
  respectDnt?: string;
}

/** The options of link clicks (track-link-clicks.ts), which the core leaves to the `s.clicks.js` extension or the module. */
export interface LinkClickAttributes {
  /** Send `outbound` on clicks on links to another hostname. */
  outbound?: string;
  /** Send `download` on clicks on links to files: a comma list of lower-case extensions, or "" for the default ones. */
  downloads?: string;
}

/**
 * `window.inlet`, and what the module's functions call:
 * - `inlet(name, props?)` tracks a custom event;
 * - `inlet("identify", userId)` makes this tab's later events carry
 *   `user_id`; a falsy id forgets it;
 * - `inlet()` counts a pageview, unless this page was the last one counted.
 * One function, so the site's stub can queue any of these before the script loads.
 */
export type Inlet = {
  (): void;
  (name: "identify", userId?: string | number | null): void;
  (name: string, props?: Props): void;
};

/**
 * Starts tracking this page: restores this tab's unsent events and user id,
 * watches for SPA navigations, sends what waits when the page is hidden, and
 * returns
 * `inlet`. Counts no pageview itself: the caller counts the first one with
 * `inlet()` after replaying any identify call it holds, so that pageview
 * carries the user. When the visitor opted out, `inlet` does nothing.
 */
export function startTracker(data: TrackerAttributes): Inlet {
  // Constants live here, not at module level, because esbuild inlines a
  // function's own consts but not a bundled module's.
  /** The most events one request carries (the collector takes 50). */
  const BATCH_SIZE = 10;
  /** How often to look for an SPA navigation and send the events that wait. */
  const TICK_MS = 500;
  /** After the nth failure in a row the next request waits this times 2^n (2, 4, 8 … s), at most MAX_BACKOFF_MS. */
  const BACKOFF_UNIT_MS = 1000;
  const MAX_BACKOFF_MS = 60_000;
  /** Bounds what a long outage can pile up in sessionStorage; later events are dropped. */
  const MAX_QUEUED = 200;
  /** The most events one beacon carries: the collector's limit per batch. */
  const BEACON_SIZE = 50;

  let optedOut: unknown;
  try {
    optedOut =
      (data.respectDnt != null &&
        (navigator.doNotTrack == "1" || (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)) ||
      // A visitor opts out by setting localStorage.inlet_ignore = "true".
      localStorage.inlet_ignore == "true";
  } catch {
    // Storage blocked (sandboxed iframe, privacy settings): nobody opted out
    // there. Do Not Track, checked first, has had its say.
  }
  if (optedOut) {
    // Keep `inlet` callable so the site's own code never throws; send nothing.
    return () => {};
  }

  // This tab's state, kept in sessionStorage.inlet so that a reload or the
  // next page sends what this one could not: the unsent events and the user
  // id. A pair rather than an object, so that no property names ship for it.
  let queue: WireEvent[] = [];
  let user: string | number | null | undefined;
  try {
    [queue, user] = JSON.parse(sessionStorage.inlet);
  } catch {
    // Blocked, empty or unreadable storage: start afresh.
  }
  const save = () => {
    try {
      sessionStorage.inlet = JSON.stringify([queue, user]);
    } catch {
      // Full or blocked: the in-memory state still works for this page.
    }
  };

  // The queue's head holds the events of the one request under way (`inFlight`
  // of them); only its answer removes them, so the rest may change meanwhile.
  let inFlight = 0;
  let failures = 0;
  /** After a failure, no request before this time (epoch ms). */
  let retryAt = 0;

  /**
   * A request's body. A string makes a fetch or a beacon text/plain, which
   * keeps it a "simple" request: no CORS preflight per batch.
   */
  const body = (events: WireEvent[]) => JSON.stringify({ site: data.site, sent_at: Date.now(), events });

  /** Sends what waits, unless a request is under way or the collector is being given a rest. */
  const flush = () => {
    if (inFlight || !queue.length || Date.now() < retryAt) return;
    const events = queue.slice(0, BATCH_SIZE);
    inFlight = events.length;
    fetch(data.api, {
      method: "POST",
      body: body(events),
      // The request outlives the page when the visitor navigates away.
      keepalive: true,
    })
      // 2xx settles the batch, and so does a 4xx other than 429: the collector
      // will never accept it, so resending would only repeat the error.
      .then((response) => response.status < 500 && response.status != 429, () => false)
      .then((settled) => {
        queue.splice(0, settled ? inFlight : 0);
        save();
        inFlight = 0;
        failures = settled ? 0 : failures + 1;
        // Settled: the next tick sends the rest. Failed: back off.
        retryAt = Date.now() + (failures && Math.min(MAX_BACKOFF_MS, BACKOFF_UNIT_MS * 2 ** failures));
      });
  };

  let lastPage: string | undefined;
  const inlet: Inlet = (name?: string, props?: Props | string | number | null) => {
    if (!name) {
      // Without data-hash, /a#x and /a#y are one page; routers also call
      // replaceState with the current URL, which must not count again.
      const page = data.hash != null ? location.href : location.href.split("#")[0];
      if (page == lastPage) return;
      lastPage = page;
      name = "pageview";
    }
    if (name == "identify") {
      // A number becomes its digits: the wire takes only a string.
      user = props && "" + props;
      return save();
    }
    const ts = Date.now();
    // Props that are not JSON (cycles, BigInt) throw here, to the caller,
    // instead of later in flush() where they would jam the queue.
    JSON.stringify(props);
    if (queue.length < MAX_QUEUED) {
      queue.push({
        id: uuidv7(ts),
        name,
        ts,
        url: location.href,
        // "" when there is none, which the collector takes as none.
        referrer: document.referrer,
        screen_width: screen.width,
        language: navigator.language,
        // "No user" reads back from storage as null, which the wire refuses.
        user_id: (user as string) || undefined,
        props: props as Props,
      });
      save();
    }
  };

  // Every tick: count a pageview if the URL changed, then send what waits.
  // SPA navigations (History API, back and forward, fragments) are noticed
  // by watching the URL rather than by wrapping history.pushState, which a
  // router holding its own reference to it would bypass. Events wait for
  // company until the next tick; a pageview lags its navigation as much.
  setInterval(() => {
    inlet();
    flush();
  }, TICK_MS);

  // The page may never run again (hidden on leaving or switching tabs, and
  // before a mobile browser discards it; sessionStorage dies with the tab):
  // hand the browser everything that waits, now, whatever the backoff. A
  // beacon is queued by the browser and sent after the page is gone; the
  // events leave the queue once it was queued, as its answer is never read.
  // Not the events of the request under way: that keepalive fetch outlives
  // the page too, and its answer removes them from the queue's head. A
  // string body makes the beacon text/plain;charset=UTF-8, like the fetch.
  // When the browser refuses a beacon (over its 64 KiB quota), the usual
  // keepalive fetch tries.
  const sendAll = () => {
    while (queue.length > inFlight && navigator.sendBeacon(data.api, body(queue.slice(inFlight, inFlight + BEACON_SIZE)))) {
      queue.splice(inFlight, BEACON_SIZE);
    }
    save();
    flush();
  };
  // pagehide too: Safari before 14.1 fires no visibilitychange when the
  // visitor leaves. Where both fire, the second finds nothing left to send.
  // visibilitychange bubbles from document to window.
  addEventListener("visibilitychange", () => document.hidden && sendAll());
  addEventListener("pagehide", sendAll);

  return inlet;
}
