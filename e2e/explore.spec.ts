import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { exportToLake, ownerWithSite, sendPageviews } from "./lake-fixtures";

/** Pageviews sent per path, each from its own visitor, two and a half days ago (a closed day the export writes). */
const SENT: Record<string, number> = { "/a": 3, "/b": 2, "/c": 1 };
const TOTAL = Object.values(SENT).reduce((sum, count) => sum + count, 0);

/** Replace the editor's text (CodeMirror: a contenteditable). */
async function setSql(page: Page, sql: string) {
  const editor = page.getByTestId("explore-sql");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(sql);
}

async function runSql(page: Page, sql: string) {
  await setSql(page, sql);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
}

/** The results table's body, as rows of cell texts. */
async function resultRows(page: Page): Promise<string[][]> {
  return page.getByTestId("explore-results").locator("tbody tr").evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent ?? "")));
}

/** The page has loaded its history: the schema sidebar lists the views' columns. */
async function waitForLake(page: Page) {
  await expect(page.getByTestId("explore-schema")).toContainText("visitor_id", { timeout: 30_000 });
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "idle");
}

test("the Explore page runs a query over all history", async ({ page }) => {
  test.setTimeout(300_000);
  const { siteId, publicKey } = await ownerWithSite(page, "Explorer", "Explored site");
  await sendPageviews(page, publicKey, SENT);
  await exportToLake(page, siteId);

  const lakeRequests: string[] = [];
  const bundleRequests: string[] = [];
  const foreignRequests: string[] = [];
  const origin = new URL(page.url()).origin;
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/lake/")) lakeRequests.push(url.pathname);
    if (url.pathname.startsWith("/duckdb/")) bundleRequests.push(url.pathname);
    if (url.protocol.startsWith("http") && url.origin !== origin) foreignRequests.push(url.href);
  });

  await page.goto(`/sites/${siteId}/explore`);
  await waitForLake(page);
  await expect(page.getByTestId("explore-schema")).toContainText("path");
  const loaded = page.getByTestId("explore-loaded");
  expect(Number(await loaded.getAttribute("data-files"))).toBeGreaterThan(0);
  expect(Number(await loaded.getAttribute("data-network-bytes"))).toBeGreaterThan(0);
  expect(lakeRequests.length).toBeGreaterThan(0);
  expect(bundleRequests.some((path) => path.endsWith(".wasm"))).toBe(true);

  // Ctrl/Cmd+Enter runs the editor's query.
  await setSql(page, "SELECT count(*) AS n FROM events");
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  expect(await resultRows(page)).toEqual([[String(TOTAL)]]);

  await runSql(page, "SELECT path, count(*) AS pageviews, count(DISTINCT visitor_id) AS visitors FROM events GROUP BY path ORDER BY path");
  expect(await resultRows(page)).toEqual(Object.entries(SENT).map(([path, count]) => [path, String(count), String(count)]));
  await expect(page.getByTestId("explore-chart")).toHaveAttribute("data-kind", "bar");

  // The CSV has the whole result, header first.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const csv = fs.readFileSync((await (await csvDownload).path())!, "utf8");
  expect(csv.trim().split("\n")).toEqual(["path,pageviews,visitors", ...Object.entries(SENT).map(([path, count]) => `${path},${count},${count}`)]);
  const parquetDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Parquet" }).click();
  expect(fs.readFileSync((await (await parquetDownload).path())!).subarray(0, 4).toString("latin1")).toBe("PAR1");

  // SQL errors are shown, not thrown.
  await setSql(page, "SELECT nope FROM events");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "error");
  await expect(page.getByTestId("explore-status")).toContainText("nope");

  // A second visit takes the files from the browser's cache: nothing is downloaded again.
  lakeRequests.length = 0;
  await page.reload();
  await waitForLake(page);
  expect(Number(await loaded.getAttribute("data-network-bytes"))).toBe(0);
  expect(Number(await loaded.getAttribute("data-cache-bytes"))).toBeGreaterThan(0);
  await runSql(page, "SELECT count(*) AS n FROM events");
  expect(await resultRows(page)).toEqual([[String(TOTAL)]]);
  expect(lakeRequests).toEqual([]);

  // A slow query DuckDB cannot interrupt by itself is cancelled (the runtime restarts its
  // worker), and the next one runs. Distinct strings over a ten-fold cross join of the six
  // events: 60M rows, seconds of work; a bare count(*) of the join ended before Cancel.
  const joined = "abcdefghij".split("").map((alias) => `events ${alias}`).join(", ");
  const paths = "abcdefghij".split("").map((alias) => `${alias}.path`).join(", ");
  await setSql(page, `SELECT count(DISTINCT concat(${paths})) AS n FROM ${joined}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "running");
  await page.getByRole("button", { name: "Cancel" }).click({ timeout: 5_000 });
  await expect(page.getByTestId("explore-status")).toHaveAttribute("data-state", "cancelled", { timeout: 5_000 });
  await expect(page.getByTestId("explore-status")).toHaveText("Cancelled");
  await runSql(page, "SELECT path, count(*) AS n FROM events GROUP BY path ORDER BY path");
  expect(await resultRows(page)).toEqual(Object.entries(SENT).map(([path, count]) => [path, String(count)]));
  // The restarted engine read the files from the cache too.
  expect(lakeRequests).toEqual([]);
  // Nothing left the app's origin.
  expect(foreignRequests).toEqual([]);
});
