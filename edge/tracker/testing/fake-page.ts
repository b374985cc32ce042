/**
 * Test helper: runs built tracker code in a Node `vm` context that stands in
 * for a page, with the clock, network, storage and clicks under the test's
 * control. Real browsers are e2e/'s job; this checks the logic. Timers are
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
  const listeners = new Map<string, ((event?: unknown) => void)[]>();
  const location = { href: PAGE, hostname: new URL(PAGE).hostname };
  const document = {
    currentScript: { src: `${APP}/s.js`, dataset: { site: "pk_test", ...options.data } },
    referrer: options.referrer ?? "",
    hidden: false,
  };
  const navigate = (_state: unknown, _unused: string, url?: string | URL | null) => {
    if (url != null) location.href = new URL(url, location.href).href;
  };
  const sandbox: Record<string, unknown> = {
    document,
    location,
    history: { pushState: navigate, replaceState: navigate },
    screen: { width: 1280 },
    navigator: { language: "en-GB", doNotTrack: null, ...options.privacy },
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
    Blob,
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
  const run = (source: string) => vm.runInContext(source, context);
  const globalsBefore = Object.keys(sandbox);
  if (options.before) run(STUB + options.before);
  run(code);

  const fire = (type: string, event?: unknown) => listeners.get(type)?.forEach((listener) => listener(event));
  return {
    fetches,
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
    /** The visitor leaves the page or switches tabs. */
    hide: () => {
      document.hidden = true;
      fire("visibilitychange");
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

/** Every event the page sent, request by request, in order. */
export function sentEvents(page: FakePage): WireEvent[] {
  return page.fetches.flatMap((sent) => readBatch(sent.init.body).events);
}

/** The events' names, in order. */
export const names = (events: WireEvent[]) => events.map((event) => event.name);
