import { expect, test, type Page } from "@playwright/test";
import { formatCount, formatKpi } from "@/components/dashboard/format-metric";
import { KPIS, type DashboardQuery } from "@/lib/query/dashboard-model";
import { parseDashboardParams, resolvePeriod } from "@/lib/query/dashboard-url";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import type { RawEvent } from "@/lib/query/reference/sessionize";
import { generateTraffic } from "@/lib/seed/generate-traffic";

/** What playwright.config.ts seeded the demo site with before the server started. */
const history = JSON.parse(process.env.INLET_E2E_HISTORY!) as { events: number; days: number; seed: number; end: string };
const DEMO = { email: "demo@inlet.dev", password: "inlet-demo-password", timeZone: "Europe/Berlin" };

/**
 * Wait until the lake's files hold every seeded event (the listing with no
 * tail left) and every merged file has its day rollup. The server's own
 * lake job exports them from its start, about a minute for a year of day
 * files on PGlite; should nothing be listed by then, a cron-triggered step
 * runs too.
 */
async function waitForLake(page: Page, siteId: string) {
  const first = new Date(Date.parse(history.end) - (history.days + 1) * 86_400_000).toISOString().slice(0, 10);
  const lakeRows = async () => {
    const response = await page.request.get(`/api/sites/${siteId}/lake?from=${first}&to=${history.end.slice(0, 10)}`);
    expect(response.status()).toBe(200);
    const { files } = (await response.json()) as { files: { rows: number; kind: string; rollup: unknown }[] };
    // Every seeded day is closed: until each is merged and rolled up, count the rows as not all there.
    const rolledUp = files.every((file) => file.rollup !== null);
    return rolledUp ? files.reduce((sum, file) => sum + file.rows, 0) : -1;
  };
  const started = Date.now();
  let ranCron = false;
  for (let rows = await lakeRows(); rows !== history.events; rows = await lakeRows()) {
    if (Date.now() - started > 180_000) throw new Error(`the lake lists ${rows} of ${history.events} seeded events (-1: not every file merged and rolled up yet)`);
    if (!ranCron && rows === 0 && Date.now() - started > 90_000) {
      ranCron = true;
      // Its answer does not matter (a merge racing the server's own job is retried); the listing does.
      await page.request.get("/api/cron/lake", { headers: { authorization: `Bearer ${process.env.INLET_E2E_CRON_SECRET}` }, timeout: 40_000 }).catch(() => undefined);
    }
    await page.waitForTimeout(1000);
  }
}

/**
 * The demo site's year of history, beyond the hot window, is computed in the
 * browser by DuckDB-WASM from the lake (its day rollups, and events where
 * they do not answer); its KPIs, top pages and a chart bucket equal the
 * reference over the same raw events, rebuilt here from the seed (the
 * generator is deterministic; the log numbers them in that order). A filter
 * then takes the raw path over every event, checked the same way.
 */
test("the 12-month dashboard, computed from the lake in the browser, matches the reference", async ({ page }) => {
  // Most of it is the lake export of a year of day files, which the server starts on its own.
  test.setTimeout(300_000);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sites$/);
  await page.getByRole("link", { name: "Demo site" }).first().click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}/);
  const siteId = new URL(page.url()).pathname.split("/")[2]!;
  // The reference first: it is ready by the time the lake is.
  const rows: RawEvent[] = [];
  for (const event of generateTraffic({ siteId, events: history.events, days: history.days, end: new Date(history.end), seed: history.seed, timeZone: DEMO.timeZone })) {
    rows.push({ ...event, seq: rows.length + 1, props: event.props as Record<string, unknown> | null });
  }
  const reference = new ReferenceDashboard(rows, DEMO.timeZone);
  // The seeded events end before today, so the page's "now" may be a little later without changing the answer.
  const period = resolvePeriod(parseDashboardParams({ period: "12mo" }), DEMO.timeZone, new Date());
  const query: DashboardQuery = { range: period.range, filters: [] };
  const kpis = reference.kpis(query);
  expect(kpis.visitors).toBeGreaterThan(1000);
  const topPages = reference.breakdown(query, "page").slice(0, 9);
  const series = reference.series(query, period.interval);
  // A week in the middle of the year.
  const bucket = series[Math.floor(series.length / 2)]!;
  expect(bucket.visitors).toBeGreaterThan(0);

  await waitForLake(page, siteId);
  await page.goto(`/sites/${siteId}?period=12mo`);
  await expect(page.getByTestId("lake-dashboard")).toHaveAttribute("data-phase", "done", { timeout: 60_000 });
  // Most days came from the day rollups, the rest (an edge day, days still in micro files) from events.
  expect(Number(await page.getByTestId("lake-dashboard").getAttribute("data-rolled-days"))).toBeGreaterThan(300);

  const cards = page.getByRole("region", { name: "Key figures" }).locator(".kpi-value");
  await expect(cards).toHaveText(KPIS.map((kpi) => formatKpi(kpi, kpis[kpi])));

  // The Pages panel's first tab: the top pages by visitors.
  const pagesPanel = page.locator("section.panel", { has: page.getByRole("heading", { name: "Pages", exact: true }) });
  await expect(pagesPanel.locator("tbody tr th")).toHaveText(topPages.map((row) => row.value));
  await expect(pagesPanel.locator("tbody tr td.num:not(.share)")).toHaveText(topPages.map((row) => formatCount(row.visitors)));

  // The chart's numbers, as its folded table gives them.
  const bucketRow = page.getByTestId("series-table").locator(`tr[data-bucket="${bucket.bucket}"]`);
  await expect(bucketRow.locator('td[data-kpi="visitors"]')).toHaveText(formatCount(bucket.visitors), { useInnerText: false });
  await expect(bucketRow.locator('td[data-kpi="pageviews"]')).toHaveText(formatCount(bucket.pageviews), { useInnerText: false });

  // Filtering by the top page asks the open lake again.
  const top = topPages[0]!.value;
  const filtered = reference.kpis({ ...query, filters: [{ dimension: "page", operator: "is", value: top }] });
  await pagesPanel.getByRole("link", { name: top, exact: true }).click();
  await expect(page).toHaveURL(/f=page~is~/);
  await expect(cards).toHaveText(KPIS.map((kpi) => formatKpi(kpi, filtered[kpi])), { timeout: 30_000 });
});
