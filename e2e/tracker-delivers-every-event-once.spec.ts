import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "../lib/testing/app-server";

const APP_PORT = 3101;
const CUSTOMER_HOST = "127.0.0.2"; // another origin on loopback, as a customer's site would be
const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** A small single-page app with the snippet pasted in: links navigate with pushState. */
function customerPage(snippet: string): string {
  return `<!doctype html><html><head><title>Customer app</title>${snippet}
<script>window.inlet = window.inlet || function () { (inlet.q = inlet.q || []).push(arguments) };</script></head>
<body><h1 id="where">landing</h1>
${["a", "b", "c", "offline"].map((p) => `<button id="go-${p}" onclick="history.pushState({}, '', '/app/${p}'); where.textContent='${p}'">${p}</button>`).join("")}
<button id="signup" onclick="inlet('signup', {plan: 'pro', seats: 3})">Sign up</button>
</body></html>`;
}

/**
 * The tracker in a real browser on another origin: SPA navigations, a custom
 * event with properties, a spell offline, then the tab closes. The log must
 * hold each event exactly once with the right path, referrer, properties and
 * browser. Runs its own app server so it can read the embedded log afterwards.
 */
test("the tracker delivers every event exactly once, offline spells and closing included", async ({ playwright, launchOptions, page }) => {
  test.setTimeout(120_000);
  const dataDir = path.resolve(".data/e2e-tracker");
  fs.rmSync(dataDir, { recursive: true, force: true });
  let app: AppServer | undefined = await startAppServer({ port: APP_PORT, dataDir, database: { driver: "pglite", dataDir: path.join(dataDir, "pglite") } });
  const customer = http.createServer();
  try {
    // The owner signs up and creates the site, as in the first e2e test.
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel("Name").fill("Tracker Owner");
    await page.getByLabel("Email").fill("tracker-owner@example.test");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("Site name").fill("Customer app");
    await page.getByLabel("Domains").fill(CUSTOMER_HOST);
    await page.getByRole("button", { name: "Create site" }).click();
    await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
    const dashboardUrl = page.url().replace(/\/install$/, "");
    const snippet = (await page.getByTestId("snippet").textContent())!;

    customer.on("request", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(customerPage(snippet));
    });
    await new Promise<void>((resolve) => customer.listen(0, CUSTOMER_HOST, resolve));
    const customerUrl = `http://${CUSTOMER_HOST}:${(customer.address() as { port: number }).port}`;

    // Requests sent while a page unloads ignore a context's user agent, so the
    // visitor's browser itself is launched as a person's (headless is a bot).
    const visitorBrowser = await playwright.chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), `--user-agent=${PERSON_USER_AGENT}`] });
    try {
      const visitor = await visitorBrowser.newContext();
      const tab = await visitor.newPage();
      await tab.goto(`${customerUrl}/app/landing`, { referer: "https://news.example.com/item?id=1" });
      for (const step of ["a", "b", "c"]) {
        await tab.click(`#go-${step}`);
        await tab.waitForTimeout(800); // let the tracker see each route
      }
      await tab.click("#signup");
      await tab.waitForTimeout(800);
      await visitor.setOffline(true);
      await tab.click("#go-offline");
      await tab.waitForTimeout(2_500); // a send fails and is kept for a retry
      await visitor.setOffline(false);
      await tab.waitForTimeout(500);
      await tab.close({ runBeforeUnload: true });
      await visitor.close();
    } finally {
      await visitorBrowser.close();
    }

    // Wait until the owner's dashboard counts all five pageviews.
    await expect(async () => {
      await page.goto(dashboardUrl);
      await expect(page.getByTestId("total-pageviews")).toHaveText("5", { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
  } finally {
    customer.close();
    await app?.stop();
    app = undefined;
  }

  // The embedded log, read directly once the app has let go of it.
  const log = await PGlite.create({ dataDir: path.join(dataDir, "pglite") });
  try {
    const { rows } = await log.query<{ id: string; name: string; path: string; referrer_host: string | null; browser: string; props: unknown }>(
      "SELECT id, name, path, referrer_host, browser, props FROM events ORDER BY ts, seq",
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.map((r) => [r.name, r.path])).toEqual([
      ["pageview", "/app/landing"],
      ["pageview", "/app/a"],
      ["pageview", "/app/b"],
      ["pageview", "/app/c"],
      ["signup", "/app/c"],
      ["pageview", "/app/offline"],
    ]);
    expect(rows[0]!.referrer_host).toBe("news.example.com");
    expect(rows.find((r) => r.name === "signup")!.props).toEqual({ plan: "pro", seats: 3 });
    expect(new Set(rows.map((r) => r.browser))).toEqual(new Set(["Chrome"]));
  } finally {
    await log.close();
  }
});
