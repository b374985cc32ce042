import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LIMITS } from "../collector/wire-schema";
import { buildTracker, buildTrackerClicks, TRACKER_GZIP_BUDGET, type TrackerBuild } from "./build-tracker";
import { APP, beaconEvents, loadPage, names, PAGE, readBatch, sentEvents, type PageOptions, type Reply } from "./testing/fake-page";

let tracker: TrackerBuild;
let clicks: TrackerBuild;
beforeAll(async () => {
  [tracker, clicks] = await Promise.all([buildTracker(), buildTrackerClicks()]);
});

describe("buildTracker", () => {
  it(`keeps the minified script within ${TRACKER_GZIP_BUDGET} bytes gzipped`, () => {
    expect(tracker.gzipBytes).toBeGreaterThan(0);
    expect(tracker.gzipBytes).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
    expect(tracker.brotliBytes).toBeLessThan(tracker.gzipBytes);
  });
});

// The built script in a stand-in page (testing/fake-page.ts), which serves
// the built clicks extension next to it.
const load = (options?: PageOptions) => loadPage(tracker.code, { scripts: { [`${APP}/s.clicks.js`]: clicks.code }, ...options });
/** As load(), once the clicks extension the page asked for has run. */
const loadWithClicks = async (options?: PageOptions) => {
  const page = load(options);
  await vi.advanceTimersByTimeAsync(0);
  return page;
};
/** The queue this tab keeps in sessionStorage. */
const stored = (tab: Record<string, string>) => JSON.parse(tab.inlet!)[0] as unknown[];

describe("the script in a page", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe("delivery", () => {
    it("sends the pageview at the next tick (half a second), in a batch the collector's schema accepts", async () => {
      const page = load();
      await vi.advanceTimersByTimeAsync(499);
      expect(page.fetches).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(page.fetches).toHaveLength(1);

      const [sent] = page.fetches;
      expect(sent!.url).toBe(`${APP}/api/collect`);
      expect(sent!.init).toMatchObject({ method: "POST", keepalive: true });
      // The header a browser derives from a string body: text/plain needs no CORS preflight.
      expect(new Request(sent!.url, sent!.init).headers.get("content-type")).toMatch(/^text\/plain\b/);
      const batch = readBatch(sent!.init.body);
      expect(batch.site).toBe("pk_test");
      expect(batch.events).toEqual([
        { id: expect.any(String), name: "pageview", ts: expect.any(Number), url: PAGE, referrer: "", screen_width: 1280, language: "en-GB" },
      ]);
      expect(page.newGlobals()).toEqual(["inlet"]);
    });

    it("sends the referrer when there is one, and to data-api when it is set", async () => {
      const page = load({ referrer: "https://search.example/?q=shoes", data: { api: "https://stats.shop.example/in" } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(page.fetches[0]!.url).toBe("https://stats.shop.example/in");
      expect(sentEvents(page)[0]!.referrer).toBe("https://search.example/?q=shoes");
    });

    it("replays calls the site queued before the script loaded, after the first pageview", async () => {
      const page = load({ before: `inlet("signup", { plan: "pro", seats: 3 }); inlet("newsletter");` });
      page.run(`inlet("cta_click", { id: "hero" })`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(page.fetches).toHaveLength(1);
      const events = sentEvents(page);
      expect(names(events)).toEqual(["pageview", "signup", "newsletter", "cta_click"]);
      expect(events[1]!.props).toEqual({ plan: "pro", seats: 3 });
      expect(events[3]!.props).toEqual({ id: "hero" });
      expect(new Set(events.map((event) => event.id)).size).toBe(4);
    });

    it("carries at most ten events per request, and the rest at the tick after the answer", async () => {
      const page = load();
      page.run(`for (let i = 1; i < 15; i++) inlet("scroll", { depth: i * 5 })`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(page.fetches.map((sent) => sent.at)).toEqual([500, 1000]);
      expect(page.fetches.map((sent) => readBatch(sent.init.body).events.length)).toEqual([10, 5]);
    });

    it("sends events tracked during a request once it succeeded, without resending its batch", async () => {
      let answer: (status: number) => void = () => {};
      const page = load({ reply: (attempt) => (attempt === 1 ? new Promise<number>((resolve) => (answer = resolve)) : 202) });
      await vi.advanceTimersByTimeAsync(500);
      page.run(`inlet("added_to_cart")`);
      await vi.advanceTimersByTimeAsync(5000);
      expect(page.fetches).toHaveLength(1);
      answer(202);
      await vi.advanceTimersByTimeAsync(500);
      expect(page.fetches).toHaveLength(2);
      expect(names(readBatch(page.fetches[1]!.init.body).events)).toEqual(["added_to_cart"]);
    });

    it("retries 5xx, 429 and network errors with growing delays, keeping the event ids", async () => {
      // The first answer (503) comes half a second after its request, so an event can arrive meanwhile.
      const slow503 = new Promise<number>((resolve) => setTimeout(() => resolve(503), 1500));
      const replies: Reply[] = [slow503, 429, "network error", 202];
      const page = load({ reply: (attempt) => replies[attempt - 1]! });
      await vi.advanceTimersByTimeAsync(1200);
      // New events, during the request or during the backoff, do not cut the backoff short.
      page.run(`inlet("during_request")`);
      await vi.advanceTimersByTimeAsync(800);
      page.run(`inlet("during_backoff")`);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(page.fetches.map((sent) => sent.at)).toEqual([500, 3500, 7500, 15_500]);
      const batches = page.fetches.map((sent) => readBatch(sent.init.body));
      expect(names(batches[0]!.events)).toEqual(["pageview"]);
      expect(names(batches[3]!.events)).toEqual(["pageview", "during_request", "during_backoff"]);
      expect(batches[3]!.events[0]!.id).toBe(batches[0]!.events[0]!.id);
      expect(JSON.parse(page.sessionStorage.inlet!)[0]).toEqual([]);
    });

    it("caps the backoff at a minute", async () => {
      const page = load({ reply: () => 500 });
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      const gaps = page.fetches.slice(1).map((sent, i) => sent.at - page.fetches[i]!.at);
      expect(gaps.slice(0, 7)).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    });

    it("drops a batch the collector refuses with a 4xx other than 429", async () => {
      const page = load({ reply: () => 400 });
      await vi.advanceTimersByTimeAsync(120_000);
      expect(page.fetches).toHaveLength(1);
      expect(JSON.parse(page.sessionStorage.inlet!)[0]).toEqual([]);
    });

    it("keeps unsent events across a reload of the tab", async () => {
      const tab: Record<string, string> = {};
      const first = load({ sessionStorage: tab, reply: () => 503 });
      first.run(`inlet("signup")`);
      await vi.advanceTimersByTimeAsync(1000);
      const lost = sentEvents(first);

      const second = load({ sessionStorage: tab });
      await vi.advanceTimersByTimeAsync(1000);
      const events = sentEvents(second);
      expect(names(events)).toEqual(["pageview", "signup", "pageview"]);
      expect(events.slice(0, 2).map((event) => event.id)).toEqual(lost.map((event) => event.id));
    });

    it("hands what waits to a beacon at once when the page is hidden, as text/plain, and not again", async () => {
      const page = load();
      page.run(`inlet("share")`);
      page.hide();
      expect(page.fetches).toHaveLength(0);
      expect(page.beacons.map((beacon) => [beacon.url, beacon.at])).toEqual([[`${APP}/api/collect`, 0]]);
      // The header a browser derives from a string body, as for fetch: no CORS preflight.
      expect(new Request(APP, { method: "POST", body: page.beacons[0]!.body as string }).headers.get("content-type")).toMatch(/^text\/plain\b/);
      expect(readBatch(page.beacons[0]!.body as string).site).toBe("pk_test");
      expect(names(beaconEvents(page))).toEqual(["pageview", "share"]);
      // Queued by the browser: out of this tab's queue.
      expect(stored(page.sessionStorage)).toEqual([]);

      await vi.advanceTimersByTimeAsync(10_000);
      expect(page.fetches).toHaveLength(0);
      expect(page.beacons).toHaveLength(1);
    });

    it("loses nothing when the tab is closed within the batching window", async () => {
      const page = load();
      await vi.advanceTimersByTimeAsync(500);
      await vi.advanceTimersByTimeAsync(100);
      page.run(`inlet("x")`);
      await vi.advanceTimersByTimeAsync(100);
      // 200 ms after the last tick: the next would be 300 ms away, after the tab (and its sessionStorage) is gone.
      page.close();
      expect(names(sentEvents(page))).toEqual(["pageview"]);
      expect(names(beaconEvents(page))).toEqual(["x"]);
      expect(page.beacons[0]!.at).toBe(700);
      // pagehide after visibilitychange finds nothing more to send.
      expect(page.beacons).toHaveLength(1);
    });

    it("on pagehide alone (Safari before 14.1 leaves without visibilitychange), sends by beacon too", async () => {
      const page = load();
      page.run(`inlet("x")`);
      page.fire("pagehide");
      expect(names(beaconEvents(page))).toEqual(["pageview", "x"]);
    });

    it("sends nothing by beacon when the page becomes visible again: the next tick sends by fetch", async () => {
      const page = load();
      page.document.hidden = false;
      page.fire("visibilitychange");
      expect(page.beacons).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(500);
      expect(names(sentEvents(page))).toEqual(["pageview"]);
    });

    it("hands everything to beacons of at most 50 events (the collector's batch limit)", async () => {
      const page = load();
      page.run(`for (let i = 1; i < 120; i++) inlet("scroll", { depth: i })`);
      page.hide();
      expect(page.beacons.map((beacon) => readBatch(beacon.body as string).events.length)).toEqual([50, 50, 20]);
      expect(new Set(beaconEvents(page).map((event) => event.id)).size).toBe(120);
      expect(stored(page.sessionStorage)).toEqual([]);
    });

    it("hands what waits to a beacon even while the collector is failing, which the ids make harmless", async () => {
      const page = load({ reply: (attempt) => (attempt === 1 ? 503 : 202) });
      await vi.advanceTimersByTimeAsync(500);
      page.run(`inlet("share")`);
      page.hide();
      expect(names(beaconEvents(page))).toEqual(["pageview", "share"]);
      expect(beaconEvents(page)[0]!.id).toBe(sentEvents(page)[0]!.id);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(page.fetches).toHaveLength(1);
    });

    it("when the browser refuses the beacon, sends by keepalive fetch and keeps the events until answered", async () => {
      let answer: (status: number) => void = () => {};
      const page = load({ beacon: () => false, reply: () => new Promise<number>((resolve) => (answer = resolve)) });
      page.run(`inlet("share")`);
      page.hide();
      expect(page.beacons).toHaveLength(0);
      expect(page.fetches).toHaveLength(1);
      expect(page.fetches[0]!.init.keepalive).toBe(true);
      expect(names(sentEvents(page))).toEqual(["pageview", "share"]);
      expect(stored(page.sessionStorage)).toHaveLength(2);
      answer(202);
      await vi.advanceTimersByTimeAsync(0);
      expect(stored(page.sessionStorage)).toEqual([]);
    });

    it("leaves the events of a request under way to it: the next page in the tab resends them if the answer is lost", async () => {
      const tab: Record<string, string> = {};
      // The visitor follows a link while a request is under way; its answer never arrives.
      const first = load({ sessionStorage: tab, reply: () => new Promise<number>(() => {}) });
      await vi.advanceTimersByTimeAsync(500);
      first.run(`inlet("outbound_cta")`);
      first.close();
      const fetched = sentEvents(first);
      expect(names(fetched)).toEqual(["pageview"]);
      expect(names(beaconEvents(first))).toEqual(["outbound_cta"]);

      const second = load({ sessionStorage: tab });
      await vi.advanceTimersByTimeAsync(1000);
      const events = sentEvents(second);
      expect(names(events)).toEqual(["pageview", "pageview"]);
      // The same id: the collector stores it once.
      expect(events[0]!.id).toBe(fetched[0]!.id);
    });

    it("still tracks when the page may not use storage (sandboxed iframe)", async () => {
      const page = load({ storageBlocked: true });
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(page))).toEqual(["pageview"]);
    });

    it("throws to the caller for props that are not JSON, and keeps tracking", async () => {
      const page = load();
      expect(() => page.run(`const loop = {}; loop.self = loop; inlet("bad", { loop })`)).toThrow();
      page.run(`inlet("good")`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(page))).toEqual(["pageview", "good"]);
    });
  });

  describe("pageviews", () => {
    it("counts a pageview per SPA navigation, within half a second, not twice for one URL and not for hash changes", async () => {
      const page = load();
      page.run(`history.pushState({}, "", "/cart")`);
      await vi.advanceTimersByTimeAsync(500);
      page.run(`history.replaceState({ scroll: 10 }, "", "/cart")`);
      await vi.advanceTimersByTimeAsync(500);
      page.run(`history.pushState({}, "", "/cart#summary")`);
      await vi.advanceTimersByTimeAsync(500);
      // Back, as popstate would: the URL changes without a History API call.
      page.goTo("/products?id=2");
      await vi.advanceTimersByTimeAsync(500);
      page.run(`history.replaceState({}, "", "/checkout")`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(page).map((event) => event.url)).toEqual([
        PAGE,
        "https://shop.example/cart",
        "https://shop.example/products?id=2",
        "https://shop.example/checkout",
      ]);
    });

    it("with data-hash, counts hash changes as pages", async () => {
      const page = load({ data: { hash: "" } });
      page.run(`history.pushState({}, "", "#/settings")`);
      await vi.advanceTimersByTimeAsync(500);
      page.goTo("#/billing");
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(page).map((event) => event.url)).toEqual([PAGE, `${PAGE}#/settings`, `${PAGE}#/billing`]);
    });

    it("inlet() counts a pageview of the current URL unless it was the last one counted", async () => {
      const page = load();
      page.run(`inlet()`);
      page.goTo("/cart");
      page.run(`inlet(); inlet()`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(page))).toEqual(["pageview", "pageview"]);
    });
  });

  describe("identify", () => {
    it("makes later events carry the user id, for this tab across reloads, until a falsy id forgets it", async () => {
      const tab: Record<string, string> = {};
      const first = load({ sessionStorage: tab });
      first.run(`inlet("browse"); inlet("identify", "u_42"); inlet("signup")`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(first).map((event) => [event.name, event.user_id])).toEqual([
        ["pageview", undefined],
        ["browse", undefined],
        ["signup", "u_42"],
      ]);

      const second = load({ sessionStorage: tab });
      second.run(`inlet("identify", null); inlet("signed_out")`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(second).map((event) => [event.name, event.user_id])).toEqual([
        ["pageview", "u_42"],
        ["signed_out", undefined],
      ]);

      const third = load({ sessionStorage: tab });
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(third)[0]!.user_id).toBeUndefined();
    });

    it("sends a numeric user id as a string, which the wire requires", async () => {
      const page = load();
      page.run(`inlet("identify", 1234); inlet("signup")`);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(page)[1]!.user_id).toBe("1234");
    });

    it("applies identify calls queued before the script loaded to the first pageview, and each queued event gets its own user", async () => {
      const page = load({ before: `inlet("identify", "u_1"); inlet("a"); inlet("identify", "u_2"); inlet("b")` });
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(page).map((event) => [event.name, event.user_id])).toEqual([
        ["pageview", "u_2"],
        ["a", "u_1"],
        ["b", "u_2"],
      ]);
    });
  });

  describe("link clicks", () => {
    it("loads the clicks extension from next to the script, only for data-outbound or data-downloads", async () => {
      const page = loadPage(tracker.code, { data: { outbound: "", downloads: "pdf" } });
      expect(page.addedScripts.map((script) => script.src)).toEqual([`${APP}/s.clicks.js`]);
      const elsewhere = loadPage(tracker.code, { src: "https://cdn.shop.example/js/s.js?v=3", data: { downloads: "" } });
      expect(elsewhere.addedScripts.map((script) => script.src)).toEqual(["https://cdn.shop.example/js/s.clicks.js"]);
      expect(load().addedScripts).toEqual([]);
      expect(load({ data: { hash: "", respectDnt: "" } }).addedScripts).toEqual([]);
    });

    it("with data-outbound, sends `outbound` for a link to another host, by left or middle click", async () => {
      const page = await loadWithClicks({ data: { outbound: "" } });
      page.click("https://partner.example/deal?ref=shop");
      page.click("https://docs.example/", { button: 1 });
      await vi.advanceTimersByTimeAsync(1000);
      const events = sentEvents(page);
      expect(names(events)).toEqual(["pageview", "outbound", "outbound"]);
      expect(events[1]!.props).toEqual({ url: "https://partner.example/deal?ref=shop" });
      expect(events[2]!.props).toEqual({ url: "https://docs.example/" });
      expect(events[1]!.url).toBe(PAGE);
    });

    it("sends no `outbound` for same-host links, links without a host, right clicks, clicks outside links, or without data-outbound", async () => {
      const page = await loadWithClicks({ data: { outbound: "" } });
      page.click("/cart");
      page.click("https://shop.example:8443/other-port");
      page.click("mailto:help@shop.example");
      page.click("javascript:void(0)");
      page.click(undefined);
      page.click(null);
      page.click("https://partner.example/", { button: 2 });
      page.click("https://partner.example/logo.svg#a", { svg: true });
      // A click dispatched on document, not on an element.
      page.fire("click", { target: {}, button: 0 });
      const without = await loadWithClicks();
      without.click("https://partner.example/");
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(page))).toEqual(["pageview"]);
      expect(names(sentEvents(without))).toEqual(["pageview"]);
    });

    it("sends the outbound click at once, by beacon, when the visitor leaves for it", async () => {
      const page = await loadWithClicks({ data: { outbound: "" } });
      await vi.advanceTimersByTimeAsync(1000);
      page.click("https://partner.example/");
      page.close();
      expect(page.fetches).toHaveLength(1);
      expect(names(beaconEvents(page))).toEqual(["outbound"]);
    });

    it("cuts a link longer than the wire takes for a prop value", async () => {
      const page = await loadWithClicks({ data: { outbound: "" } });
      page.click(`https://partner.example/?q=${"x".repeat(600)}`);
      await vi.advanceTimersByTimeAsync(1000);
      const url = sentEvents(page)[1]!.props!.url as string;
      expect(url).toHaveLength(LIMITS.propValueLength);
      expect(url.startsWith("https://partner.example/?q=xxx")).toBe(true);
    });

    it("with data-downloads, sends `download` for links to files of the default extensions, on any host", async () => {
      const page = await loadWithClicks({ data: { downloads: "", outbound: "" } });
      page.click("/files/price-list.pdf");
      page.click("https://cdn.example/app/Setup.exe?v=2");
      page.click("/files/photos.zip", { button: 1 });
      page.click("/files/notes.txt");
      page.click("/pdf");
      await vi.advanceTimersByTimeAsync(1000);
      const events = sentEvents(page);
      // A file on another host is a download, not also an outbound link.
      expect(names(events)).toEqual(["pageview", "download", "download", "download"]);
      expect(events.slice(1).map((event) => event.props!.url)).toEqual([
        "https://shop.example/files/price-list.pdf",
        "https://cdn.example/app/Setup.exe?v=2",
        "https://shop.example/files/photos.zip",
      ]);
    });

    it("with a list in data-downloads, counts those extensions only", async () => {
      const page = await loadWithClicks({ data: { downloads: "txt,epub" } });
      page.click("/files/notes.txt");
      page.click("/books/novel.epub");
      page.click("/files/price-list.pdf");
      await vi.advanceTimersByTimeAsync(1000);
      expect(sentEvents(page).map((event) => event.props?.url)).toEqual([
        undefined,
        "https://shop.example/files/notes.txt",
        "https://shop.example/books/novel.epub",
      ]);
    });

    it("without data-downloads, sends no `download`", async () => {
      const page = await loadWithClicks();
      page.click("/files/price-list.pdf");
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(page))).toEqual(["pageview"]);
    });
  });

  describe("opting out", () => {
    it("sends nothing when the visitor opted out, and inlet() still works", async () => {
      const page = await loadWithClicks({ localStorage: { inlet_ignore: "true" }, data: { outbound: "" }, before: `inlet("early")` });
      page.run(`inlet("signup"); inlet("identify", "u_1"); inlet(); history.pushState({}, "", "/next")`);
      page.click("https://partner.example/");
      page.close();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(page.fetches).toHaveLength(0);
      expect(page.beacons).toHaveLength(0);
      expect(page.sessionStorage).toEqual({});
    });

    it("with data-respect-dnt, sends nothing when the browser sends Do Not Track or Global Privacy Control", async () => {
      const dnt = load({ data: { respectDnt: "" }, privacy: { doNotTrack: "1" }, before: `inlet("early")` });
      const gpc = load({ data: { respectDnt: "" }, privacy: { globalPrivacyControl: true } });
      gpc.run(`inlet("signup")`);
      await vi.advanceTimersByTimeAsync(10_000);
      gpc.close();
      expect(dnt.fetches).toHaveLength(0);
      expect(gpc.fetches).toHaveLength(0);
      expect(gpc.beacons).toHaveLength(0);
      expect(gpc.sessionStorage).toEqual({});
    });

    it("tracks as usual without data-respect-dnt, or when the browser does not ask", async () => {
      const ignoresDnt = load({ privacy: { doNotTrack: "1", globalPrivacyControl: true } });
      const noSignal = load({ data: { respectDnt: "" }, privacy: { doNotTrack: "0", globalPrivacyControl: false } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(sentEvents(ignoresDnt))).toEqual(["pageview"]);
      expect(names(sentEvents(noSignal))).toEqual(["pageview"]);
    });
  });
});
