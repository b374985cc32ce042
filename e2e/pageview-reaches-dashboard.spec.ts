import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * The thin path, for real: a visitor's browser loads a page on another origin
 * that embeds the snippet; the pageview travels through the Edge collector,
 * the log and the projection, and shows in the owner's dashboard chart.
 */
test("a pageview from an embedded snippet shows in the dashboard chart", async ({ page, browser }) => {
  const email = `owner-${Date.now()}@example.test`;

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Ada Owner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sites$/);

  await page.getByLabel("Site name").fill("Customer blog");
  await page.getByLabel("Domains").fill("127.0.0.1");
  await page.getByRole("button", { name: "Create site" }).click();
  // A new site opens on its install page, which waits for the first event.
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const installUrl = page.url();
  const dashboardUrl = installUrl.replace(/\/install$/, "");
  const snippet = (await page.getByTestId("snippet").textContent())!;
  expect(snippet).toMatch(/<script defer src="http:\/\/127\.0\.0\.1:3100\/s\.js" data-site="pk_[A-Za-z0-9]+"><\/script>/);
  await page.goto(dashboardUrl);
  await expect(page.getByTestId("total-pageviews")).toHaveText("0");
  await page.getByRole("link", { name: "Install", exact: true }).click();
  await expect(page).toHaveURL(installUrl);
  await expect(page.getByText("Waiting for the first event…")).toBeVisible();

  // The customer's site: another origin on loopback, with the snippet pasted in.
  const customerSite = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><html><head><title>Customer blog</title>${snippet}</head><body><h1>Hello</h1></body></html>`);
  });
  await new Promise<void>((resolve) => customerSite.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = customerSite.address() as AddressInfo;
    // Headless Chromium announces itself as "HeadlessChrome", which the collector
    // rightly drops as a bot; a visitor here browses as a person would.
    const visitor = await browser.newContext({ userAgent: PERSON_USER_AGENT });
    const visitorPage = await visitor.newPage();
    const collected = visitorPage.waitForResponse((response) => response.url().endsWith("/api/collect") && response.request().method() === "POST");
    await visitorPage.goto(`http://127.0.0.1:${port}/welcome`);
    const response = await collected;
    expect(response.status()).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: [] });
    await visitor.close();
  } finally {
    customerSite.close();
  }
  // The install page notices the stored event by itself, without a reload.
  await expect(page.getByRole("status").filter({ hasText: "Received!" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("link", { name: "Open the dashboard" }).click();
  await expect(page).toHaveURL(dashboardUrl);

  // The projection runs in the app process; the next load of the dashboard shows it.
  await expect(async () => {
    await page.goto(dashboardUrl);
    await expect(page.getByTestId("total-pageviews")).toHaveText("1", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const chart = page.getByTestId("pageviews-chart");
  await expect(chart.locator(".recharts-bar-rectangle path, .recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("live-visitors")).toHaveText("1");

  // The page shows in the Pages panel; clicking it filters the whole dashboard by it.
  await page.getByRole("region", { name: "Pages", exact: true }).getByRole("link", { name: "/welcome", exact: true }).click();
  await expect(page).toHaveURL(/\?f=page~is~%2Fwelcome$/);
  await expect(page.getByRole("region", { name: "Filters" })).toContainText("Page is /welcome");
  await expect(page.getByTestId("total-pageviews")).toHaveText("1");
  await page.getByRole("link", { name: "Remove filter: Page is /welcome" }).click();
  await expect(page).toHaveURL(dashboardUrl);

  // The same rows as CSV, for the owner only.
  const csv = await page.request.get(`${dashboardUrl}/export/page`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="customer-blog-page-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(await csv.text()).toBe("page,visitors,visits,pageviews\r\n/welcome,1,1,1\r\n");
  // The owner's System view: the pipeline caught up, the pageview counted in its minute.
  await page.getByRole("link", { name: "System" }).click();
  await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Projections" })).toContainText("sessions");
  await expect(page.getByRole("region", { name: "Rejected events" })).toContainText("No rejected events");

  const stranger = await browser.newContext();
  try {
    expect((await stranger.request.get(`${dashboardUrl.replace("/sites/", "/api/sites/")}/live`)).status()).toBe(401);
    // Route handlers answer a signed-out caller 401 with a JSON error (lib/access), pages send them to sign in.
    expect((await stranger.request.get(`${dashboardUrl}/export/page`, { maxRedirects: 0 })).status()).toBe(401);
    expect((await stranger.request.get(dashboardUrl, { maxRedirects: 0 })).status()).toBe(307);
  } finally {
    await stranger.close();
  }
});
