import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { uuidv7 } from "uuidv7";

const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** Pageviews sent per path, each from its own visitor, two and a half days ago. */
const SENT: Record<string, number> = { "/a": 3, "/b": 2, "/c": 1 };
const QUESTION = "pageviews by page last 7 days";

async function ownerWithSite(page: Page) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Asker");
  await page.getByLabel("Email").fill(`asker-${randomUUID()}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Site name").fill("Questioned site");
  await page.getByLabel("Domains").fill("example.com");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const siteId = new URL(page.url()).pathname.split("/")[2]!;
  const publicKey = (await page.getByTestId("snippet").textContent())!.match(/data-site="(pk_[A-Za-z0-9]+)"/)![1]!;
  return { siteId, publicKey };
}

async function sendHistory(page: Page, publicKey: string) {
  const ts = Date.now() - 2.5 * 86_400_000;
  let visitor = 0;
  for (const [path, count] of Object.entries(SENT)) {
    for (let i = 0; i < count; i++) {
      visitor += 1;
      const sent = await page.request.post("/api/collect", {
        headers: { "content-type": "text/plain", origin: "https://example.com", "user-agent": PERSON_USER_AGENT, "x-real-ip": `198.51.100.${visitor}` },
        data: JSON.stringify({ site: publicKey, sent_at: Date.now(), events: [{ id: uuidv7(), ts: ts + visitor * 1000, name: "pageview", url: `https://example.com${path}` }] }),
      });
      expect(sent.status()).toBe(202);
    }
  }
}

/**
 * Run the lake export (the cron route) until the site's day is in the lake
 * (see e2e/explore.spec.ts). On a fresh server the demo site's year of
 * history goes first: that alone takes most of two minutes.
 */
async function exportToLake(page: Page, siteId: string) {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await expect
    .poll(
      async () => {
        await page.request.get("/api/cron/lake", { headers: { authorization: `Bearer ${process.env.INLET_E2E_CRON_SECRET}` } });
        const listing = await page.request.get(`/api/sites/${siteId}/lake?from=${day(-7)}&to=${day(0)}`);
        return ((await listing.json()) as { files: unknown[] }).files.length;
      },
      { timeout: 180_000, intervals: [500, 1_000, 2_000] },
    )
    .toBeGreaterThan(0);
}

async function resultRows(page: Page): Promise<string[][]> {
  return page.getByTestId("explore-results").locator("tbody tr").evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent ?? "")));
}

const status = (page: Page) => page.getByTestId("explore-status");

test("a question becomes SQL, a table and a chart; the SQL is edited and run again", async ({ page }) => {
  test.setTimeout(300_000);
  const { siteId, publicKey } = await ownerWithSite(page);
  await sendHistory(page, publicKey);
  await exportToLake(page, siteId);

  // The dashboard's box links here with ?q=: the question is answered on arrival.
  await page.goto(`/sites/${siteId}/explore?q=${encodeURIComponent(QUESTION)}`);
  await expect(page.getByTestId("nlq-question")).toHaveValue(QUESTION);
  await expect(status(page)).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(page.getByTestId("nlq-restatement")).toContainText(/^Pageviews by page, /);
  expect(await resultRows(page)).toEqual([
    ["/a", "3"],
    ["/b", "2"],
    ["/c", "1"],
  ]);
  await expect(page.getByTestId("explore-chart")).toHaveAttribute("data-kind", "bar");
  const editor = page.getByTestId("explore-sql");
  await expect(editor).toContainText("count(*) AS pageviews");

  // Edit the answer's SQL (keep the top two) and run it again: the reader's own SQL, no restatement.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\nLIMIT 2");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveAttribute("data-state", "done");
  await expect.poll(() => resultRows(page)).toEqual([
    ["/a", "3"],
    ["/b", "2"],
  ]);
  await expect(page.getByTestId("nlq-restatement")).toHaveCount(0);

  // SQL the guard refuses is not run: its reason is shown.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText("SELECT * FROM lake_files");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveAttribute("data-state", "error");
  await expect(status(page)).toContainText("lake_files");

  // A question not understood says why and offers questions to try; one click asks it.
  const box = page.getByTestId("nlq-question");
  await box.fill("zorp blargs");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const refusal = page.getByTestId("nlq-refusal");
  await expect(refusal).toContainText("zorp");
  // One of the built-in engine's example questions (lib/nlq/parse-question.ts).
  await refusal.getByRole("button", { name: "visitors last week" }).click();
  await expect(box).toHaveValue("visitors last week");
  await expect(refusal).toHaveCount(0);
  await expect(page.getByTestId("nlq-restatement")).toBeVisible({ timeout: 30_000 });
  await expect(status(page)).toHaveAttribute("data-state", "done");

  // Asking in the box replaces the editor's SQL and runs it.
  await box.fill(QUESTION);
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await expect(page.getByTestId("nlq-restatement")).toContainText(/^Pageviews by page, /);
  await expect.poll(() => resultRows(page)).toEqual([
    ["/a", "3"],
    ["/b", "2"],
    ["/c", "1"],
  ]);
  await expect(editor).not.toContainText("LIMIT 2");
});
