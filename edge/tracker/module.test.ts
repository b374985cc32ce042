import { transform } from "esbuild";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { buildTrackerModule, type TrackerBuild } from "./build-tracker";
import * as serverSide from "./module";
import { APP, beaconEvents, loadPage, names, PAGE, readBatch, sentEvents, type PageOptions } from "./testing/fake-page";

let built: TrackerBuild;
/** The built ES module, its exports wrapped as the page's `inletModule` so that the stand-in page can run it. */
let runnable: string;
beforeAll(async () => {
  built = await buildTrackerModule();
  runnable = (await transform(built.code, { format: "iife", globalName: "inletModule" })).code;
});

const ENDPOINT = `${APP}/api/collect`;
/** A page that loaded the module and called init() with `init`'s further options (source text), or not at all for null. */
const load = (init: string | null = "", options?: PageOptions) => {
  const page = loadPage(runnable, options);
  if (init !== null) page.run(`inletModule.init({ site: "pk_module", endpoint: "${ENDPOINT}", ${init} })`);
  return page;
};

describe("buildTrackerModule", () => {
  it("bundles one ES module exporting init, track, identify and pageview", () => {
    expect(built.code).toMatch(/export\s*\{[^}]*\bidentify\b[^}]*\}/);
    expect(built.gzipBytes).toBeGreaterThan(0);
    expect(built.brotliBytes).toBeLessThan(built.gzipBytes);
  });
});

describe("the ES module in a page", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("does nothing before init(), then counts the page and sends to the endpoint, defining no globals", async () => {
    const page = load(null);
    page.run(`inletModule.track("early"); inletModule.identify("u_1"); inletModule.pageview()`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.fetches).toHaveLength(0);
    expect(page.sessionStorage).toEqual({});

    page.run(`inletModule.init({ site: "pk_module", endpoint: "${ENDPOINT}" })`);
    await vi.advanceTimersByTimeAsync(500);
    expect(page.fetches.map((sent) => sent.url)).toEqual([ENDPOINT]);
    const batch = readBatch(page.fetches[0]!.init.body);
    expect(batch.site).toBe("pk_module");
    expect(batch.events).toMatchObject([{ name: "pageview", url: PAGE }]);
    expect(page.newGlobals()).toEqual(["inletModule"]);
  });

  it("tracks events, identifies the user and counts pageviews through the script's implementation", async () => {
    const page = load();
    page.run(`inletModule.track("signup", { plan: "pro" }); inletModule.identify("u_7"); inletModule.track("upgrade")`);
    page.goTo("/billing");
    page.run(`inletModule.pageview(); inletModule.pageview()`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentEvents(page).map((event) => [event.name, event.user_id, event.props])).toEqual([
      ["pageview", undefined, undefined],
      ["signup", undefined, { plan: "pro" }],
      ["upgrade", "u_7", undefined],
      ["pageview", "u_7", undefined],
    ]);
  });

  it("with userId, the first pageview already carries the user", async () => {
    const page = load(`userId: 42`);
    await vi.advanceTimersByTimeAsync(500);
    expect(sentEvents(page)[0]!.user_id).toBe("42");
  });

  it("takes neither `identify` nor an empty name as an event name", async () => {
    const page = load();
    page.run(`inletModule.identify("u_7"); inletModule.track("identify", { id: "x" }); inletModule.track(""); inletModule.track("ok")`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentEvents(page).map((event) => [event.name, event.user_id])).toEqual([
      ["pageview", undefined],
      ["ok", "u_7"],
    ]);
  });

  it("turns its options into the script's: outbound, a downloads list, hash", async () => {
    const page = load(`outbound: true, downloads: ["txt"], hash: true`);
    page.click("https://partner.example/");
    page.click("/files/notes.txt");
    page.click("/files/price-list.pdf");
    page.goTo("#/settings");
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentEvents(page).map((event) => [event.name, event.props?.url ?? event.url])).toEqual([
      ["pageview", PAGE],
      ["outbound", "https://partner.example/"],
      ["download", "https://shop.example/files/notes.txt"],
      ["pageview", `${PAGE}#/settings`],
    ]);
  });

  it("hands what waits to a beacon when the page is closed, and loads no script for link clicks", async () => {
    const page = load(`outbound: true`);
    page.run(`inletModule.track("signup")`);
    page.close();
    expect(page.fetches).toHaveLength(0);
    expect(page.beacons.map((beacon) => beacon.url)).toEqual([ENDPOINT]);
    expect(names(beaconEvents(page))).toEqual(["pageview", "signup"]);
    expect(page.addedScripts).toEqual([]);
  });

  it("downloads: true means the default extensions; without the option, none", async () => {
    const on = load(`downloads: true`);
    const off = load();
    on.click("/files/price-list.pdf");
    off.click("/files/price-list.pdf");
    await vi.advanceTimersByTimeAsync(1000);
    expect(names(sentEvents(on))).toEqual(["pageview", "download"]);
    expect(names(sentEvents(off))).toEqual(["pageview"]);
  });

  it("with respectDnt, sends nothing when the browser asks not to be tracked", async () => {
    const page = load(`respectDnt: true`, { privacy: { globalPrivacyControl: true } });
    page.run(`inletModule.track("signup")`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.fetches).toHaveLength(0);
  });

  it("keeps the first init() and ignores later ones", async () => {
    const page = load();
    page.run(`inletModule.init({ site: "pk_other", endpoint: "https://elsewhere.example/in" })`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(page.fetches.map((sent) => [sent.url, readBatch(sent.init.body).site])).toEqual([[ENDPOINT, "pk_module"]]);
    expect(names(sentEvents(page))).toEqual(["pageview"]);
  });
});

describe("the ES module on the server", () => {
  it("does nothing where there is no window (server rendering)", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    try {
      expect(typeof window).toBe("undefined");
      serverSide.init({ site: "pk_module", endpoint: ENDPOINT, outbound: true });
      serverSide.track("signup");
      serverSide.identify("u_1");
      serverSide.pageview();
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
