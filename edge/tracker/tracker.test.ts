import vm from "node:vm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { wireBatch, wireEvent, type WireEvent } from "../collector/wire-schema";
import { buildTracker, TRACKER_GZIP_BUDGET, type TrackerBuild } from "./build-tracker";
import { uuidv7 } from "./uuidv7";

let tracker: TrackerBuild;
beforeAll(async () => {
  tracker = await buildTracker();
});

describe("buildTracker", () => {
  it(`keeps the minified script within ${TRACKER_GZIP_BUDGET} bytes gzipped`, () => {
    expect(tracker.gzipBytes).toBeGreaterThan(0);
    expect(tracker.gzipBytes).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
    expect(tracker.brotliBytes).toBeLessThan(tracker.gzipBytes);
  });
});

describe("uuidv7", () => {
  it("lays out version 7 and variant 10, and the collector's schema accepts it", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7(Date.now());
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(wireEvent.shape.id.safeParse(id).success).toBe(true);
    }
  });

  it("embeds the 48-bit millisecond timestamp", () => {
    expect(uuidv7(0x0123_4567_89ab)).toMatch(/^01234567-89ab-7/);
    expect(uuidv7(2 ** 48 - 1)).toMatch(/^ffffffff-ffff-7/);
    const now = Date.now();
    expect(parseInt(uuidv7(now).replace("-", "").slice(0, 12), 16)).toBe(now);
  });

  it("sorts ids by time and fills the rest at random", () => {
    const start = Date.now();
    const inTimeOrder = Array.from({ length: 300 }, (_, i) => uuidv7(start + i * 7));
    expect([...inTimeOrder].sort()).toEqual(inTimeOrder);
    const sameMillisecond = new Set(Array.from({ length: 1000 }, () => uuidv7(start)));
    expect(sameMillisecond.size).toBe(1000);
  });
});

// ---------------------------------------------------------------------------
// The built script, run in a Node vm context that stands in for a page. A real
// browser run is e2e/'s job; this checks the logic with a controllable clock,
// network and storage.

const APP = "https://app.example";
const PAGE = "https://shop.example/products?id=1";
/** The site's stub from the install instructions, plus one early call. */
const STUB = `window.inlet = window.inlet || function(){(inlet.q = inlet.q || []).push(arguments)};`;

type Reply = number | "network error" | Promise<number>;

interface PageOptions {
  /** data-* attributes of the script tag besides data-site. */
  data?: Record<string, string>;
  /** Answers fetch number `attempt` (1-based); 202 by default. */
  reply?: (attempt: number) => Reply;
  referrer?: string;
  localStorage?: Record<string, string>;
  /** Shared between loads to simulate a reload in the same tab. */
  sessionStorage?: Record<string, string>;
  storageBlocked?: boolean;
  /** Code the site runs before the tracker loads. */
  before?: string;
}

interface Sent {
  url: string;
  /** Milliseconds after the page loaded. */
  at: number;
  init: RequestInit;
}

function loadPage(tracker: TrackerBuild, options: PageOptions = {}) {
  const loadedAt = Date.now();
  const fetches: Sent[] = [];
  const beacons: { url: string; body: Blob }[] = [];
  const listeners = new Map<string, (() => void)[]>();
  const location = { href: PAGE };
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
    navigator: {
      language: "en-GB",
      sendBeacon: (url: string | URL, body: Blob) => {
        beacons.push({ url: String(url), body });
        return true;
      },
    },
    fetch: async (url: string | URL, init: RequestInit) => {
      fetches.push({ url: String(url), at: Date.now() - loadedAt, init });
      const reply = await (options.reply ?? (() => 202))(fetches.length);
      if (reply === "network error") throw new TypeError("Failed to fetch");
      return { status: reply };
    },
    // Read the (fake) timers at call time, not when the page is made.
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (timer: ReturnType<typeof setTimeout>) => clearTimeout(timer),
    addEventListener: (type: string, listener: () => void) => {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    crypto,
    URL,
    Blob,
  };
  sandbox.window = sandbox;
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
  const run = (code: string) => vm.runInContext(code, context);
  const globalsBefore = Object.keys(sandbox);
  if (options.before) run(STUB + options.before);
  run(tracker.code);

  return {
    fetches,
    beacons,
    location,
    document,
    sessionStorage: (options.storageBlocked ? {} : sandbox.sessionStorage) as Record<string, string>,
    newGlobals: () => Object.keys(sandbox).filter((key) => !globalsBefore.includes(key)),
    /** Runs code in the page, e.g. `inlet("signup")`. */
    run,
    fire: (type: string) => listeners.get(type)?.forEach((listener) => listener()),
  };
}

/** Parses a request body and checks it against the collector's own schema. */
async function readBatch(body: BodyInit | null | undefined): Promise<{ site: string; events: WireEvent[] }> {
  expect(body).toBeInstanceOf(Blob);
  const batch = wireBatch.parse(JSON.parse(await (body as Blob).text()));
  return { site: batch.site, events: batch.events.map((event) => wireEvent.parse(event)) };
}

const names = (events: WireEvent[]) => events.map((event) => event.name);

describe("the tracker in a page", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the pageview after the batching window, in a batch the collector's schema accepts", async () => {
    const page = loadPage(tracker);
    await vi.advanceTimersByTimeAsync(999);
    expect(page.fetches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(page.fetches).toHaveLength(1);

    const [sent] = page.fetches;
    expect(sent!.url).toBe(`${APP}/api/collect`);
    expect(sent!.init).toMatchObject({ method: "POST", keepalive: true });
    // The header a browser derives from the body: text/plain needs no CORS preflight.
    expect(new Request(sent!.url, sent!.init).headers.get("content-type")).toBe("text/plain");
    const batch = await readBatch(sent!.init.body);
    expect(batch.site).toBe("pk_test");
    expect(batch.events).toEqual([
      { id: expect.any(String), name: "pageview", ts: expect.any(Number), url: PAGE, screen_width: 1280, language: "en-GB" },
    ]);
    expect(page.newGlobals()).toEqual(["inlet"]);
  });

  it("sends the referrer when there is one, and to data-api when it is set", async () => {
    const page = loadPage(tracker, { referrer: "https://search.example/?q=shoes", data: { api: "https://stats.shop.example/in" } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(page.fetches[0]!.url).toBe("https://stats.shop.example/in");
    const { events } = await readBatch(page.fetches[0]!.init.body);
    expect(events[0]!.referrer).toBe("https://search.example/?q=shoes");
  });

  it("replays calls the site queued before the script loaded, after the first pageview", async () => {
    const page = loadPage(tracker, { before: `inlet("signup", { plan: "pro", seats: 3 }); inlet("newsletter");` });
    page.run(`inlet("cta_click", { id: "hero" })`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(page.fetches).toHaveLength(1);
    const { events } = await readBatch(page.fetches[0]!.init.body);
    expect(names(events)).toEqual(["pageview", "signup", "newsletter", "cta_click"]);
    expect(events[1]!.props).toEqual({ plan: "pro", seats: 3 });
    expect(events[3]!.props).toEqual({ id: "hero" });
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
  });

  it("counts a pageview per SPA navigation, not twice for one URL and not for hash changes", async () => {
    const page = loadPage(tracker);
    page.run(`history.pushState({}, "", "/cart")`);
    page.run(`history.replaceState({ scroll: 10 }, "", "/cart")`);
    page.run(`history.pushState({}, "", "/cart#summary")`);
    page.location.href = "https://shop.example/products?id=2";
    page.fire("popstate");
    page.run(`history.replaceState({}, "", "/checkout")`);
    await vi.advanceTimersByTimeAsync(1000);
    const { events } = await readBatch(page.fetches[0]!.init.body);
    expect(events.map((event) => event.url)).toEqual([
      PAGE,
      "https://shop.example/cart",
      "https://shop.example/products?id=2",
      "https://shop.example/checkout",
    ]);
  });

  it("with data-hash, counts hash changes as pages", async () => {
    const page = loadPage(tracker, { data: { hash: "" } });
    page.run(`history.pushState({}, "", "#/settings")`);
    page.location.href = `${PAGE}#/billing`;
    page.fire("popstate");
    page.fire("popstate");
    await vi.advanceTimersByTimeAsync(1000);
    const { events } = await readBatch(page.fetches[0]!.init.body);
    expect(events.map((event) => event.url)).toEqual([PAGE, `${PAGE}#/settings`, `${PAGE}#/billing`]);
  });

  it("sends at once when ten events wait", async () => {
    const page = loadPage(tracker);
    page.run(`for (let i = 1; i < 10; i++) inlet("scroll", { depth: i * 10 })`);
    await vi.advanceTimersByTimeAsync(0);
    expect(page.fetches).toHaveLength(1);
    expect((await readBatch(page.fetches[0]!.init.body)).events).toHaveLength(10);
  });

  it("sends events tracked during a request right after it succeeds, without resending its batch", async () => {
    let answer: (status: number) => void = () => {};
    const page = loadPage(tracker, {
      reply: (attempt) => (attempt === 1 ? new Promise<number>((resolve) => (answer = resolve)) : 202),
    });
    await vi.advanceTimersByTimeAsync(1000);
    page.run(`inlet("added_to_cart")`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.fetches).toHaveLength(1);
    answer(202);
    await vi.advanceTimersByTimeAsync(0);
    expect(page.fetches).toHaveLength(2);
    expect(names((await readBatch(page.fetches[1]!.init.body)).events)).toEqual(["added_to_cart"]);
  });

  it("retries 5xx, 429 and network errors with growing delays, keeping the event ids", async () => {
    // The first answer (503) comes half a second after its request, so an event can arrive meanwhile.
    const slow503 = new Promise<number>((resolve) => setTimeout(() => resolve(503), 1500));
    const replies: Reply[] = [slow503, 429, "network error", 202];
    const page = loadPage(tracker, { reply: (attempt) => replies[attempt - 1]! });
    await vi.advanceTimersByTimeAsync(1200);
    // New events, during the request or during the backoff, do not cut the backoff short.
    page.run(`inlet("during_request")`);
    await vi.advanceTimersByTimeAsync(800);
    page.run(`inlet("during_backoff")`);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(page.fetches.map((sent) => sent.at)).toEqual([1000, 3500, 7500, 15_500]);
    const batches = await Promise.all(page.fetches.map((sent) => readBatch(sent.init.body)));
    expect(names(batches[0]!.events)).toEqual(["pageview"]);
    expect(names(batches[3]!.events)).toEqual(["pageview", "during_request", "during_backoff"]);
    expect(batches[3]!.events[0]!.id).toBe(batches[0]!.events[0]!.id);
    expect(JSON.parse(page.sessionStorage.inlet_queue!)).toEqual([]);
  });

  it("caps the backoff at a minute", async () => {
    const page = loadPage(tracker, { reply: () => 500 });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const gaps = page.fetches.slice(1).map((sent, i) => sent.at - page.fetches[i]!.at);
    expect(gaps.slice(0, 7)).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it("drops a batch the collector refuses with a 4xx other than 429", async () => {
    const page = loadPage(tracker, { reply: () => 400 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(page.fetches).toHaveLength(1);
    expect(JSON.parse(page.sessionStorage.inlet_queue!)).toEqual([]);
  });

  it("keeps unsent events across a reload of the tab", async () => {
    const tab: Record<string, string> = {};
    const first = loadPage(tracker, { sessionStorage: tab, reply: () => 503 });
    first.run(`inlet("signup")`);
    await vi.advanceTimersByTimeAsync(1000);
    const lost = (await readBatch(first.fetches[0]!.init.body)).events;

    const second = loadPage(tracker, { sessionStorage: tab });
    await vi.advanceTimersByTimeAsync(1000);
    const { events } = await readBatch(second.fetches[0]!.init.body);
    expect(names(events)).toEqual(["pageview", "signup", "pageview"]);
    expect(events.slice(0, 2).map((event) => event.id)).toEqual(lost.map((event) => event.id));
  });

  it("beacons waiting events when the page is hidden, and does not send them again", async () => {
    const page = loadPage(tracker);
    page.run(`inlet("share")`);
    page.document.hidden = true;
    page.fire("visibilitychange");
    expect(page.beacons).toHaveLength(1);
    expect(page.beacons[0]!.url).toBe(`${APP}/api/collect`);
    expect(page.beacons[0]!.body.type).toBe("text/plain");
    expect(names((await readBatch(page.beacons[0]!.body)).events)).toEqual(["pageview", "share"]);

    page.fire("pagehide");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(page.beacons).toHaveLength(1);
    expect(page.fetches).toHaveLength(0);
  });

  it("while the collector is failing, keeps beaconed events for the next page in the tab", async () => {
    const tab: Record<string, string> = {};
    const first = loadPage(tracker, { sessionStorage: tab, reply: () => 503 });
    await vi.advanceTimersByTimeAsync(1000);
    first.run(`inlet("share")`);
    first.fire("pagehide");
    expect(names((await readBatch(first.beacons[0]!.body)).events)).toEqual(["pageview", "share"]);

    const second = loadPage(tracker, { sessionStorage: tab });
    await vi.advanceTimersByTimeAsync(1000);
    expect(names((await readBatch(second.fetches[0]!.init.body)).events)).toEqual(["pageview", "share", "pageview"]);
  });

  it("sends nothing when the visitor opted out, and inlet() still works", async () => {
    const page = loadPage(tracker, { localStorage: { inlet_ignore: "true" }, before: `inlet("early")` });
    page.run(`inlet("signup"); history.pushState({}, "", "/next")`);
    page.fire("pagehide");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(page.fetches).toHaveLength(0);
    expect(page.beacons).toHaveLength(0);
    expect(page.sessionStorage).toEqual({});
  });

  it("still tracks when the page may not use storage (sandboxed iframe)", async () => {
    const page = loadPage(tracker, { storageBlocked: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(names((await readBatch(page.fetches[0]!.init.body)).events)).toEqual(["pageview"]);
  });

  it("throws to the caller for props that are not JSON, and keeps tracking", async () => {
    const page = loadPage(tracker);
    expect(() => page.run(`const loop = {}; loop.self = loop; inlet("bad", { loop })`)).toThrow();
    page.run(`inlet("good")`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(names((await readBatch(page.fetches[0]!.init.body)).events)).toEqual(["pageview", "good"]);
  });
});
