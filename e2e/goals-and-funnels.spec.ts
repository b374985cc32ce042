import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { uuidv7 } from "uuidv7";

const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** One visitor's events, a second apart, through the collector as their browser would send them. */
async function visit(request: APIRequestContext, publicKey: string, ip: string, steps: ({ page: string } | { event: string; props: object })[]) {
  const start = Date.now() - 60_000;
  const events = steps.map((step, index) => ({
    id: uuidv7(),
    ts: start + index * 1000,
    ...("page" in step
      ? { name: "pageview", url: `https://example.com${step.page}` }
      : { name: step.event, url: "https://example.com/app", props: step.props }),
  }));
  const response = await request.post("/api/collect", {
    headers: { "content-type": "text/plain", origin: "https://example.com", "user-agent": PERSON_USER_AGENT, "x-real-ip": ip },
    data: JSON.stringify({ site: publicKey, sent_at: Date.now(), events }),
  });
  expect(response.status()).toBe(202);
}

/**
 * An owner defines goals and a funnel in the browser; the dashboard counts
 * them from real traffic: conversions, rate, and the funnel's order within a visit.
 */
test("goals and a funnel count conversions in order", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Grace Owner");
  await page.getByLabel("Email").fill(`goals-${randomUUID()}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Site name").fill("Shop");
  await page.getByLabel("Domains").fill("example.com");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const dashboardUrl = page.url().replace(/\/install$/, "");
  // Someone else's (or no) site and an unknown dimension are real 404s, not a not-found page under a 200.
  expect((await page.request.get(`/sites/${randomUUID()}`)).status()).toBe(404);
  expect((await page.request.get(`${dashboardUrl}/details/no-such-dimension`)).status()).toBe(404);
  const publicKey = (await page.getByTestId("snippet").textContent())!.match(/data-site="(pk_[A-Za-z0-9]+)"/)![1]!;

  // Three visitors: one converts in order, one never signs up, one signs up before seeing the pricing page.
  await visit(page.request, publicKey, "198.51.100.1", [{ page: "/pricing" }, { event: "signup", props: { plan: "pro" } }]);
  await visit(page.request, publicKey, "198.51.100.2", [{ page: "/pricing" }, { page: "/about" }]);
  await visit(page.request, publicKey, "198.51.100.3", [{ event: "signup", props: { plan: "free" } }, { page: "/pricing" }]);

  await page.goto(`${dashboardUrl}/goals`);
  const addGoal = async (name: string, fill: () => Promise<void>) => {
    await page.getByLabel("Name", { exact: true }).first().fill(name);
    await fill();
    await page.getByRole("button", { name: "Add goal" }).click();
    await expect(page.getByRole("region", { name: "Goals" }).getByText(name, { exact: true })).toBeVisible();
  };
  await addGoal("Saw pricing", () => page.getByLabel("Page path").fill("/pric*"));
  await addGoal("Signed up", async () => {
    await page.getByLabel("a custom event").check();
    await page.getByLabel("Event name").fill("signup");
  });
  await addGoal("Pro signup", async () => {
    await page.getByLabel("a custom event").check();
    await page.getByLabel("Event name").fill("signup");
    await page.getByLabel("Property (optional)").fill("plan");
    await page.getByLabel("Property value").fill("pro");
  });
  // A bad goal is refused with the field named.
  await page.getByLabel("Name", { exact: true }).first().fill("No slash");
  await page.getByLabel("a visit to a page").check();
  await page.getByLabel("Page path").fill("pricing");
  await page.getByRole("button", { name: "Add goal" }).click();
  await expect(page.getByText("a path pattern starts with /")).toBeVisible();

  const funnelForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add funnel" }) });
  await funnelForm.getByLabel("Name").fill("Pricing to signup");
  await funnelForm.getByRole("combobox").nth(0).selectOption({ label: "Saw pricing" });
  await funnelForm.getByRole("combobox").nth(1).selectOption({ label: "Signed up" });
  await funnelForm.getByRole("button", { name: "Add funnel" }).click();
  await expect(page.getByRole("region", { name: "Funnels" })).toContainText("Saw pricing → Signed up");

  // The projection runs in the app process: reload until it has caught up.
  await expect(async () => {
    await page.goto(dashboardUrl);
    await expect(page.getByTestId("total-pageviews")).toHaveText("4", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const goals = page.getByRole("region", { name: "Goals" });
  await expect(goals.getByRole("row", { name: /Saw pricing/ })).toContainText(/Saw pricing\s*3\s*3\s*100%/);
  await expect(goals.getByRole("row", { name: /Signed up/ })).toContainText(/Signed up\s*2\s*2\s*66\.7%/);
  await expect(goals.getByRole("row", { name: /Pro signup/ })).toContainText(/Pro signup\s*1\s*1\s*33\.3%/);
  const funnel = page.getByRole("region", { name: "Funnel: Pricing to signup" });
  await expect(funnel.getByRole("listitem").nth(0)).toContainText("1. Saw pricing");
  await expect(funnel.getByRole("listitem").nth(0)).toContainText("3 · 100%");
  await expect(funnel.getByRole("listitem").nth(1)).toContainText("1 · 33%");
  await expect(funnel.getByRole("listitem").nth(1)).toContainText("2 dropped off (67%)");
  await page.setViewportSize({ width: 375, height: 800 });
  // For a person to look at (the trace keeps it too): goals and funnel at phone width.
  await goals.locator("xpath=..").screenshot({ path: test.info().outputPath("goals-and-funnel-375px.png") });
});
