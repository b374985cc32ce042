import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

export type BrowserQueries = { name: string; sql: string }[];

export interface BrowserMeasurement {
  /** Cold start: from opening the Explore page to the lake ready (engine, files listed, fetched and attached). */
  loadMs: number;
  /** Bytes the first open fetched over the network. */
  fetchedBytes: number;
  /** Each query's median time in DuckDB-WASM over the runs (the page's own measure of the query). */
  medianMs: Record<string, number>;
  /** Each query's result rows as the page shows them. */
  answers: Record<string, Record<string, unknown>[]>;
  /** Queries the page stopped or failed (Explore stops a query after 30 s), with what it said; they have no time or answer. */
  failed: Record<string, string>;
  /** The 12-month dashboard, to every panel done: first open (files fetched) and the median of `runs` reloads (files from the browser's cache). */
  dashboardColdMs: number;
  dashboardWarmMs: number;
  /** Where the warm dashboard's time went: ms from navigation start to each step, of the run with the median time. */
  dashboardSteps: DashboardSteps;
  /** Days of its range the day rollups answered. */
  dashboardRolledDays: number;
  /** Then the chart by month instead (a click: client-side navigation, the engine and lake already open), to done. */
  dashboardIntervalMs: number;
  /** The 12-month dashboard with a country filter (every event, no rollups), navigation to done; -1 when it failed or passed FILTERED_DASHBOARD_LIMIT_MS. */
  dashboardFilteredMs: number;
  dashboardFilteredSteps: DashboardSteps;
  /**
   * Compiled WebAssembly Chromium keeps in the profile's code cache after
   * these loads: 0 means every load compiled DuckDB-WASM again (see
   * DUCKDB_WORKER_ENTRIES in lib/lake/browser/duckdb-bundles.ts).
   */
  wasmCodeCacheBytes: number;
}

/**
 * Steps of a dashboard open, in ms from navigation start: the server's HTML
 * received, then the User Timing marks the page sets (lib/lake/browser/
 * open-site-lake.ts and components/dashboard/use-lake-dashboard.ts); -1 for
 * a step the page did not reach.
 */
export interface DashboardSteps {
  html: number;
  /** The listing request alone (GET /api/sites/<id>/lake), start to end: the server's share of `listed`. */
  listingRequest: number;
  listed: number;
  fetched: number;
  ready: number;
  summary: number;
  done: number;
}

/** How long the filtered 12-month dashboard may take before the bench reports -1 for it. */
const FILTERED_DASHBOARD_LIMIT_MS = 120_000;

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/**
 * The Chromium the bench drives: PLAYWRIGHT_CHROMIUM_PATH, else Debian's.
 * The suite asks before it seeds, so a machine without one fails in a
 * second rather than after the export.
 */
export function chromiumExecutable(): string {
  const found = [process.env.PLAYWRIGHT_CHROMIUM_PATH, "/usr/bin/chromium"].find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) throw new Error("No Chromium: install Debian's (apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_PATH");
  return found;
}

/**
 * Sign in to the running app in headless Chromium, open the site's Explore
 * page (all history) and run each query `runs` times, as a person would:
 * typed into the editor, run with the Run button, timed by the page.
 */
export async function measureInBrowser(options: { baseUrl: string; email: string; password: string; siteId: string; queries: BrowserQueries; runs: number }): Promise<BrowserMeasurement> {
  // A profile on disk, as a reader's browser has, not the in-memory (incognito-like) context of
  // browser.newPage(), whose caches are not a returning reader's. A trace of a warm dashboard
  // there showed DuckDB-WASM's 18 MB module compiled again on every load (1.4 s lazy compiles
  // in the worker, ~4-5 s of tier-up on the two cores). At 200k events the warm dashboard
  // measured ~3.9 s here against 3.8-5.2 s (most near 4.7) in-memory.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, baseURL: options.baseUrl });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(300_000);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(options.email);
    await page.getByLabel("Password").fill(options.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

    await page.goto(`/sites/${options.siteId}/explore`);
    const status = page.getByTestId("explore-status");
    const medianMs: Record<string, number> = {};
    const answers: Record<string, Record<string, unknown>[]> = {};
    const failed: Record<string, string> = {};
    for (const query of options.queries) {
      const times: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        await page.getByTestId("explore-sql").click();
        await page.keyboard.press("ControlOrMeta+a");
        await page.keyboard.insertText(query.sql);
        await page.getByRole("button", { name: "Run", exact: true }).click();
        await page.locator('[data-testid="explore-status"][data-state="done"], [data-testid="explore-status"][data-state="error"]').waitFor();
        if ((await status.getAttribute("data-state")) === "error") {
          failed[query.name] = (await status.textContent()) ?? "failed";
          await page.evaluate(() => document.querySelector('[data-testid="explore-status"]')?.setAttribute("data-state", "read"));
          break;
        }
        times.push(Number(await status.getAttribute("data-elapsed-ms")));
        // The next run must wait for its own answer, not see this one's.
        answers[query.name] = await readResults(page);
        await page.evaluate(() => document.querySelector('[data-testid="explore-status"]')?.setAttribute("data-state", "read"));
      }
      if (failed[query.name] !== undefined) continue;
      medianMs[query.name] = medianBy(times, (ms) => ms);
    }
    const loaded = page.getByTestId("explore-loaded");
    const loadMs = Number(await loaded.getAttribute("data-load-ms"));
    const fetchedBytes = Number(await loaded.getAttribute("data-network-bytes"));

    // The dashboard as a reader opens it: navigation to every panel done.
    const dashboard = page.getByTestId("lake-dashboard");
    const openDashboard = async () => {
      const t0 = Date.now();
      await page.goto(`/sites/${options.siteId}?period=12mo`);
      await page.locator('[data-testid="lake-dashboard"][data-phase="done"]').waitFor();
      const ms = Date.now() - t0;
      return { ms, steps: await dashboardSteps(page) };
    };
    const dashboardColdMs = (await openDashboard()).ms;
    const warm: { ms: number; steps: DashboardSteps }[] = [];
    for (let run = 0; run < options.runs; run++) warm.push(await openDashboard());
    const median = medianBy(warm, (run) => run.ms);
    const dashboardRolledDays = Number(await dashboard.getAttribute("data-rolled-days"));
    // The chart by month instead, as a reader clicks it: a client-side navigation, the engine and the lake still open.
    await page.evaluate("performance.clearMarks()");
    const t0 = Date.now();
    await page.getByRole("navigation", { name: "Interval" }).getByRole("link", { name: "Months" }).click();
    await page.waitForFunction(`performance.getEntriesByName("lake-dashboard:done", "mark").length > 0`);
    const dashboardIntervalMs = Date.now() - t0;
    // A filter, as a reader clicks a country: the whole year's events, not the rollups (the files
    // are in the browser's cache by now, from Explore). Navigation to every panel done.
    // Bounded: at 10M events it did not finish in 300 s (2026-12-03), and a timeout must not lose the
    // figures measured before it.
    const filteredStarted = Date.now();
    await page.goto(`/sites/${options.siteId}?period=12mo&f=country~is~US`);
    const filteredEnded = await page
      .locator('[data-testid="lake-dashboard"][data-phase="done"], [data-testid="lake-dashboard"][data-phase="error"]')
      .waitFor({ timeout: FILTERED_DASHBOARD_LIMIT_MS })
      .then(() => true, () => false);
    const dashboardFilteredMs = filteredEnded && (await dashboard.getAttribute("data-phase")) === "done" ? Date.now() - filteredStarted : -1;
    const dashboardFilteredSteps = await dashboardSteps(page);
    const wasmCodeCacheBytes = folderBytes(path.join(profile, "Default", "Code Cache", "wasm"));
    return { loadMs, fetchedBytes, medianMs, answers, failed, dashboardColdMs, dashboardWarmMs: median.ms, dashboardSteps: median.steps, dashboardRolledDays, dashboardIntervalMs, dashboardFilteredMs, dashboardFilteredSteps, wasmCodeCacheBytes };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Bytes of the files under `folder`, 0 when it does not exist. */
function folderBytes(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).reduce((sum, entry) => sum + (entry.isFile() ? fs.statSync(path.join(entry.parentPath, entry.name)).size : 0), 0);
}

/** The middle item by `value` (the upper one of an even count). */
function medianBy<T>(items: T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)]!;
}

async function dashboardSteps(page: import("@playwright/test").Page): Promise<DashboardSteps> {
  // As text: tsx would wrap a function declared in this file with a helper the page does not have.
  // The first of each mark: a dashboard that opens a second lake (goals, funnels) marks its steps again.
  return page.evaluate(`(() => {
    const at = (entry) => Math.round(entry ? (entry.responseEnd ?? entry.startTime) : -1);
    const mark = (name) => at(performance.getEntriesByName(name, "mark")[0]);
    return {
      html: at(performance.getEntriesByType("navigation")[0]),
      listingRequest: (() => {
        const listing = performance.getEntriesByType("resource").find((entry) => new URL(entry.name).pathname.endsWith("/lake"));
        return listing ? Math.round(listing.responseEnd - listing.startTime) : -1;
      })(),
      listed: mark("lake:listed"),
      fetched: mark("lake:fetched"),
      ready: mark("lake:ready"),
      summary: mark("lake-dashboard:summary"),
      done: mark("lake-dashboard:done"),
    };
  })()`);
}

async function readResults(page: import("@playwright/test").Page): Promise<Record<string, unknown>[]> {
  return page.getByTestId("explore-results").evaluate((table) => {
    const names = [...table.querySelectorAll("thead th")].map((cell) => cell.textContent ?? "");
    return [...table.querySelectorAll("tbody tr")].map((row) => Object.fromEntries([...row.querySelectorAll("td")].map((cell, i) => [names[i]!, cell.textContent ?? ""])));
  });
}
