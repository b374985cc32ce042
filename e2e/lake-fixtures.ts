import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { uuidv7 } from "uuidv7";

const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** Sign up as `name` and create a site; answers its id and public key. */
export async function ownerWithSite(page: Page, name: string, siteName: string): Promise<{ siteId: string; publicKey: string }> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${name.toLowerCase()}-${randomUUID()}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Site name").fill(siteName);
  await page.getByLabel("Domains").fill("example.com");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const siteId = new URL(page.url()).pathname.split("/")[2]!;
  const publicKey = (await page.getByTestId("snippet").textContent())!.match(/data-site="(pk_[A-Za-z0-9]+)"/)![1]!;
  return { siteId, publicKey };
}

/** Send `counts[path]` pageviews of each path, each from its own visitor, two and a half days ago. */
export async function sendPageviews(page: Page, publicKey: string, counts: Record<string, number>): Promise<void> {
  const ts = Date.now() - 2.5 * 86_400_000;
  let visitor = 0;
  for (const [path, count] of Object.entries(counts)) {
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
 * Run the lake export (the cron route) until the site's last week is in the
 * lake and settled: its closed days merged into their daily files, so the
 * files a test's page loads are not replaced under it (a reload would then
 * download the merged file). One run may not be enough: it has a time
 * budget, and on a fresh server the e2e demo site's year of history goes
 * first (most of two minutes), while the in-process lake job may be
 * mid-batch. The tests send their events on a closed day.
 */
export async function exportToLake(page: Page, siteId: string): Promise<void> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await expect
    .poll(
      async () => {
        await page.request.get("/api/cron/lake", { headers: { authorization: `Bearer ${process.env.INLET_E2E_CRON_SECRET}` } });
        const listing = await page.request.get(`/api/sites/${siteId}/lake?from=${day(-7)}&to=${day(0)}`);
        const { files } = (await listing.json()) as { files: { kind: string }[] };
        return files.length > 0 && files.every((file) => file.kind === "daily");
      },
      { timeout: 180_000, intervals: [500, 1_000, 2_000] },
    )
    .toBe(true);
}
