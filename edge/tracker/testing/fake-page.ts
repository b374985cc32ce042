/**
 * Test helper: runs built tracker code in a Node `vm` context that stands in
 * for a page, with the clock, network (fetch and beacons), storage, added
 * scripts and clicks under the test's control. Real browsers are e2e/'s job; this checks the logic. Timers are
 * read from the test's globals at call time, so vitest's fake timers drive it.
 */
import vm from "node:vm";
import { expect } from "vitest";
import { wireBatch, wireEvent, type WireEvent } from "../../collector/wire-schema";

export const APP = "https://app.example";
export const PAGE = "https://shop.example/products?id=1";
/** The site's stub from the install instructions. */
export const STUB = `window.inlet = window.inlet || function(){(inlet.q = inlet.q || []).push(arguments)};`;

export type Reply = number | "network error" | Promise<number>;

export interface PageOptions {
  /** The script tag's src; `${APP}/s.js` by default. */
  src?: string;
  /** data-* attributes of the script tag besides data-site (dataset keys: `respectDnt` for data-respect-dnt). */
  data?: Record<string, string>;
  /** Answers fetch number `attempt` (1-based); 202 by default. */
  reply?: (attempt: number) => Reply;
  referrer?: string;
  localStorage?: Record<string, string>;
  /** Shared between loads to simulate a reload in the same tab. */
  sessionStorage?: Record<string, string>;
  storageBlocked?: boolean;
  /** Code the site runs, after the stub, before the tracker loads. */
  before?: string;
  /** navigator.doNotTrack and navigator.globalPrivacyControl. */
  privacy?: { doNotTrack?: string | null; globalPrivacyControl?: boolean };
  /** Whether the browser queues beacon number `attempt` (1-based); true by default. */
  beacon?: (attempt: number) => boolean;
  /**
   * Code served at a URL, run a tick after a script element is added to the
   * page if its `src` (by then) is that URL, as a browser would once it loaded.
   */
  scripts?: Record<string, string>;
}

/** A beacon the browser queued (navigator.sendBeacon returned true). */
export interface Beacon {
  url: string;
  /** Milliseconds after the page loaded. */
  at: number;
  body: unknown;
}

/** A script element the page added to document.head. */
export interface AddedScript {
  src: string;
  dataset: Record<string, string>;
}

export interface Sent {
  url: string;
  /** Milliseconds after the page loaded. */
  at: number;
  init: RequestInit;
}

export interface ClickOptions {
  /** 0 left (a `click`), 1 middle, 2 right (an `auxclick`). */
  button?: number;
  /** The link is an SVG <a>, which has no pathname. */
  svg?: boolean;
}

export type FakePage = ReturnType<typeof loadPage>;

/** Loads a page that runs `code` (a built tracker) after the site's own `before` code. */
export function loadPage(code: string, options: PageOptions = {}) {
  const loadedAt = Date.now();
  const fetches: Sent[] = [];
  const beacons: Beacon[] = [];
  let beaconAttempts = 0;
  const addedScripts: AddedScript[] = [];
  const listeners = new Map<string, ((event?: unknown) => void)[]>();
  const location = { href: PAGE, hostname: new URL(PAGE).hostname };
  const tag: AddedScript = { src: options.src ?? `${APP}/s.js`, dataset: { site: "pk_test", ...options.data } };
  const document = {
    currentScript: tag as AddedScript | null,
    referrer: options.referrer ?? "",
    hidden: false,
    createElement: (tag: string) => {
      expect(tag).toBe("script");
      return { src: "", dataset: {} };
    },
    head: {
      appendChild: (element: AddedScript) => {
        addedScripts.push(element);
        setTimeout(() => {
          const source = options.scripts?.[element.src];
          if (source === undefined) return;
          document.currentScript = element;
          run(source);
          document.currentScript = null;
        }, 0);
        return element;
      },
    },
    /** Finds the page's one script tag (the tracker's) by its attributes; nothing else is in this page. */
    querySelector: (selector: string) => {
      expect(selector).toBe("script[data-outbound],script[data-downloads]");
      return "outbound" in tag.dataset || "downloads" in tag.dataset ? tag : null;
    },
  };
  const navigate = (_state: unknown, _unused: string, url?: string | URL | null) => {
    if (url != null) location.href = new URL(url, location.href).href;
  };
  const sandbox: Record<string, unknown> = {
    document,
    location,
    history: { pushState: navigate, replaceState: navigate },
    screen: { width: 1280 },
    navigator: {
      language: "en-GB",
      doNotTrack: null,
      ...options.privacy,
      sendBeacon: (url: string | URL, body: unknown) => {
        const queued = (options.beacon ?? (() => true))(++beaconAttempts);
        if (queued) beacons.push({ url: String(url), at: Date.now() - loadedAt, body });
        return queued;
      },
    },
    fetch: async (url: string | URL, init: RequestInit) => {
      fetches.push({ url: String(url), at: Date.now() - loadedAt, init });
      const reply = await (options.reply ?? (() => 202))(fetches.length);
      if (reply === "network error") throw new TypeError("Failed to fetch");
      return { status: reply };
    },
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (timer: ReturnType<typeof setTimeout>) => clearTimeout(timer),
    setInterval: (callback: () => void, ms: number) => setInterval(callback, ms),
    clearInterval: (timer: ReturnType<typeof setInterval>) => clearInterval(timer),
    addEventListener: (type: string, listener: (event?: unknown) => void) => {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    URL,
    crypto,
  };
  sandbox.window = sandbox;
  // The test's clock, fake or not, rather than the context's own Date.
  Object.defineProperty(sandbox, "Date", { get: () => Date });
  if (options.storageBlocked) {
    const deny = () => {
      throw new DOMException("The document is sandboxed", "SecurityError");
    };
    Object.defineProperty(sandbox, "localStorage", { get: deny });
    Object.defineProperty(sandbox, "sessionStorage", { get: deny });
  } else {
    sandbox.localStorage = options.localStorage ?? {};
    sandbox.sessionStorage = options.sessionStorage ?? {};
  }
  const context = vm.createContext(sandbox);
  const run = (source: string): unknown => vm.runInContext(source, context);
  const globalsBefore = Object.keys(sandbox);
  if (options.before) run(STUB + options.before);
  run(code);

  const fire = (type: string, event?: unknown) => listeners.get(type)?.forEach((listener) => listener(event));
  return {
    fetches,
    /** The beacons the browser queued, in order. */
    beacons,
    /** Script elements the page added (what it asked the browser to load). */
    addedScripts,
    location,
    document,
    sessionStorage: (options.storageBlocked ? {} : sandbox.sessionStorage) as Record<string, string>,
    newGlobals: () => Object.keys(sandbox).filter((key) => !globalsBefore.includes(key)),
    /** Runs code in the page, e.g. `inlet("signup")`. */
    run,
    fire,
    /** The visitor follows a link inside the SPA (or the back button): the URL changes, nothing else. */
    goTo: (url: string) => {
      location.href = new URL(url, location.href).href;
    },
    /** The visitor leaves the page or switches tabs (the page is hidden). */
    hide: () => {
      document.hidden = true;
      fire("visibilitychange");
    },
    /** The visitor closes the tab or navigates away: hidden, then pagehide, as Chromium and Firefox do. */
    close: () => {
      document.hidden = true;
      fire("visibilitychange");
      fire("pagehide");
    },
    /**
     * The visitor clicks inside a link to `href` (resolved against the page),
     * or with no href on an <a> without one, or with null on something that
     * is in no link at all.
     */
    click: (href: string | null | undefined, { button = 0, svg = false }: ClickOptions = {}) => {
      let link: object | null = null;
      if (href === undefined) link = { href: "", host: "", hostname: "", pathname: "" };
      else if (href !== null) {
        const url = new URL(href, location.href);
        link = svg
          ? { href: { baseVal: url.href } }
          : { href: url.href, host: url.host, hostname: url.hostname, pathname: url.pathname };
      }
      const target = { closest: (selector: string) => (selector == "a" ? link : null) };
      fire(button ? "auxclick" : "click", { target, button });
    },
  };
}

/** Parses a request body and checks it against the collector's own schema. */
export function readBatch(body: BodyInit | null | undefined): { site: string; events: WireEvent[] } {
  expect(typeof body).toBe("string");
  const batch = wireBatch.parse(JSON.parse(body as string));
  return { site: batch.site, events: batch.events.map((event) => wireEvent.parse(event)) };
}

/** Every event the page sent by fetch, request by request, in order. */
export function sentEvents(page: FakePage): WireEvent[] {
  return page.fetches.flatMap((sent) => readBatch(sent.init.body).events);
}

/** Every event the page sent by beacon, in order. */
export function beaconEvents(page: FakePage): WireEvent[] {
  return page.beacons.flatMap((beacon) => readBatch(beacon.body as BodyInit).events);
}

/** The events' names, in order. */
export const names = (events: WireEvent[]) => events.map((event) => event.name);
