import { expect, test, type Page } from "@playwright/test";
import { exportToLake, ownerWithSite, sendPageviews } from "./lake-fixtures";

/** Pageviews sent per path, each from its own visitor, two and a half days ago. */
const SENT: Record<string, number> = { "/a": 3, "/b": 2, "/c": 1 };
const QUESTION = "pageviews by page last 7 days";

async function resultRows(page: Page): Promise<string[][]> {
  return page.getByTestId("explore-results").locator("tbody tr").evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent ?? "")));
}

const status = (page: Page) => page.getByTestId("explore-status");

test("a question becomes SQL, a table and a chart; the SQL is edited and run again", async ({ page }) => {
  test.setTimeout(300_000);
  const { siteId, publicKey } = await ownerWithSite(page, "Asker", "Questioned site");
  await sendPageviews(page, publicKey, SENT);
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
