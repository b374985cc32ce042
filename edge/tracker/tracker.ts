/**
 * Inlet's tracking snippet: built by build-tracker.ts into public/s.js, which
 * site owners embed as
 *   <script defer src="https://APP/s.js" data-site="PUBLIC_KEY"></script>
 *
 * Every byte ships to every visitor of every site, so the minified script must
 * stay at most 1 KB gzipped (tracker.test.ts fails above it). Keep the source
 * readable and let esbuild shrink it; see ARCHITECTURE.md for the map.
 *
 * Delivery is at least once: an event leaves the queue only when the collector
 * answers, or when the browser accepted it as a beacon, and its client-made
 * UUIDv7 lets the collector store a resent event once.
 */
import type { WireEvent } from "../collector/wire-schema";
import { uuidv7 } from "./uuidv7";

type Props = NonNullable<WireEvent["props"]>;
type Track = (name: string, props?: Props) => void;
/** The site's stub, `function(){(inlet.q = inlet.q || []).push(arguments)}`, queues calls made before we load. */
type Stub = Track & { q?: ArrayLike<unknown>[] };

function start(): void {
  // Constants live here, not at module level, because esbuild inlines a
  // function's own consts but not a bundled module's.
  /** Send at once when this many events wait; also the most events one request carries (the collector takes 50). */
  const BATCH_SIZE = 10;
  /** How long an event waits for company before it is sent. */
  const BATCH_WINDOW_MS = 1000;
  const MAX_BACKOFF_MS = 60_000;
  /** Bounds what a long outage can pile up in sessionStorage; later events are dropped. */
  const MAX_QUEUED = 200;
  /** sessionStorage key of the unsent events, so a reload or the next page in this tab sends them. */
  const QUEUE_KEY = "inlet_queue";

  const page = window as unknown as { inlet?: Stub };
  const script = document.currentScript as HTMLScriptElement;
  const config = script.dataset;
  let site = config.site;
  try {
    // A visitor opts out by setting localStorage.inlet_ignore = "true".
    if (localStorage.inlet_ignore == "true") site = "";
  } catch {
    // Storage blocked (sandboxed iframe, privacy settings): nobody opted out here.
  }
  if (!site) {
    // Keep `inlet()` callable so the site's own code never throws; send nothing.
    page.inlet = () => {};
    return;
  }

  const endpoint = config.api || new URL("/api/collect", script.src);
  const hashRouting = config.hash != null;

  let queue: WireEvent[] = [];
  try {
    queue = JSON.parse(sessionStorage[QUEUE_KEY]) || [];
  } catch {
    // Blocked or unreadable storage: start empty.
  }
  const save = () => {
    try {
      sessionStorage[QUEUE_KEY] = JSON.stringify(queue);
    } catch {
      // Full or blocked: the in-memory queue still works for this page.
    }
  };

  // The queue's head holds the events of the one request under way (`inFlight`
  // of them); only its answer removes them, so the rest may change meanwhile.
  let inFlight = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  const schedule = (ms: number) => {
    timer ||= setTimeout(flush, ms);
  };

  // One body for fetch and beacon. A Blob of type text/plain sets the
  // request's Content-Type to text/plain, which keeps it a "simple" request:
  // no CORS preflight per batch.
  const body = (events: WireEvent[]) =>
    new Blob([JSON.stringify({ site, sent_at: Date.now(), events })], { type: "text/plain" });

  function flush(): void {
    clearTimeout(timer);
    timer = 0;
    if (inFlight || !queue.length) return;
    const batch = queue.slice(0, BATCH_SIZE);
    inFlight = batch.length;
    // keepalive lets the request outlive the page when the visitor navigates away.
    fetch(endpoint, { method: "POST", body: body(batch), keepalive: true })
      // 2xx settles the batch, and so does a 4xx other than 429: the collector
      // will never accept it, so resending would only repeat the error.
      .then((response) => response.status < 500 && response.status != 429, () => false)
      .then((settled) => {
        if (settled) {
          queue.splice(0, inFlight);
          save();
          failures = 0;
        }
        inFlight = 0;
        if (settled) flush();
        else schedule(Math.min(MAX_BACKOFF_MS, BATCH_WINDOW_MS * 2 ** ++failures));
      });
  }

  /** The page may never run again: hand what is not already in flight to the browser, which sends a beacon even after unload. */
  function flushOnHide(): void {
    // One beacon of at most BATCH_SIZE events: while the collector answers,
    // the 1 s window keeps fewer waiting than that; any left over stay in
    // sessionStorage for the next page in this tab.
    if (
      queue.length > inFlight &&
      navigator.sendBeacon(endpoint, body(queue.slice(inFlight, inFlight + BATCH_SIZE))) &&
      // A beacon's answer is never seen. While the collector is failing, keep
      // the beaconed events too: a later page in this tab sends them again,
      // and their ids make the duplicate harmless.
      !failures
    ) {
      queue.splice(inFlight, BATCH_SIZE);
      save();
    }
  }

  const track: Track = (name, props) => {
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
        referrer: document.referrer || undefined,
        screen_width: screen.width,
        language: navigator.language,
        props,
      });
      save();
    }
    // While a request is under way, its answer sends the rest or schedules the
    // retry; while backing off, the retry timer is already set.
    if (inFlight) return;
    if (failures || queue.length < BATCH_SIZE) schedule(BATCH_WINDOW_MS);
    else flush();
  };

  let lastPage: string | undefined;
  const pageview = () => {
    // Without data-hash, /a#x and /a#y are one page; routers also call
    // replaceState with the current URL, which must not count again.
    const current = hashRouting ? location.href : location.href.split("#")[0];
    if (current != lastPage) {
      lastPage = current;
      track("pageview");
    }
  };

  // SPA routers navigate with the History API, which fires no event: wrap the
  // two methods on this page's history object (not the prototype).
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      original.apply(this, args);
      pageview();
    };
  }
  // popstate also fires on fragment navigation (links to #x, location.hash = "x").
  addEventListener("popstate", pageview);
  addEventListener("pagehide", flushOnHide);
  // visibilitychange bubbles from document to window.
  addEventListener("visibilitychange", () => document.hidden && flushOnHide());

  const early = (page.inlet && page.inlet.q) || [];
  page.inlet = track;
  pageview();
  for (const args of early) track(...(args as unknown as Parameters<Track>));
}

start();
