import { createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { uuidv7 } from "uuidv7";

const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** A new owner with one site that received one pageview two days ago; answers the site's path and id. */
async function ownerWithHistory(page: Page, name: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${name.toLowerCase()}-${randomUUID()}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Site name").fill(`${name}'s site`);
  await page.getByLabel("Domains").fill("example.com");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const siteId = new URL(page.url()).pathname.split("/")[2]!;
  const publicKey = (await page.getByTestId("snippet").textContent())!.match(/data-site="(pk_[A-Za-z0-9]+)"/)![1]!;
  const sent = await page.request.post("/api/collect", {
    headers: { "content-type": "text/plain", origin: "https://example.com", "user-agent": PERSON_USER_AGENT, "x-real-ip": "198.51.100.9" },
    data: JSON.stringify({ site: publicKey, sent_at: Date.now(), events: [{ id: uuidv7(), ts: Date.now() - 2 * 86_400_000, name: "pageview", url: "https://example.com/old" }] }),
  });
  expect(sent.status()).toBe(202);
  return siteId;
}

/** The site's lake files for the last week, as its dashboard's browser would ask for them. */
async function lakeUrls(page: Page, siteId: string): Promise<string[]> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const response = await page.request.get(`/api/sites/${siteId}/lake?from=${day(-7)}&to=${day(0)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { files: { url: string }[] }).files.map((file) => file.url);
}

/**
 * Signed lake URLs open their own file and nothing else: another tenant's
 * file with this signature, a tampered signature and an expired one are all
 * refused. The expired URL is signed here, with an HMAC written afresh from
 * the README's description (and the server's own secret), so this test also
 * checks that description.
 */
test("lake files are served by signed URLs only", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const aliceSite = await ownerWithHistory(alice, "Alice");
  const bobSite = await ownerWithHistory(bob, "Bob");

  const run = await alice.request.get("/api/cron/lake", { headers: { authorization: `Bearer ${process.env.INLET_E2E_CRON_SECRET}` } });
  expect(run.status(), await run.text()).toBe(200);

  const [aliceUrl] = await lakeUrls(alice, aliceSite);
  const [bobUrl] = await lakeUrls(bob, bobSite);
  expect(aliceUrl).toMatch(new RegExp(`^/api/lake/site=${aliceSite}/date=\\d{4}-\\d{2}-\\d{2}/events-[0-9a-f]{16}\\.parquet\\?expires=\\d+&sig=`));
  // Bob may not list Alice's files.
  expect((await bob.request.get(`/api/sites/${aliceSite}/lake?from=2020-01-01&to=2030-01-01`)).status()).toBe(404);

  // Her own URL opens her file, by range too (the Parquet magic bytes).
  const whole = await alice.request.get(aliceUrl!);
  expect(whole.status()).toBe(200);
  const tail = await alice.request.get(aliceUrl!, { headers: { range: "bytes=-4" } });
  expect(tail.status()).toBe(206);
  expect((await tail.body()).toString("latin1")).toBe("PAR1");

  const [alicePath, aliceQuery] = aliceUrl!.split("?") as [string, string];
  const [bobPath] = bobUrl!.split("?") as [string, string];
  // Another tenant's file with her signature.
  expect((await alice.request.get(`${bobPath}?${aliceQuery}`)).status()).toBe(403);
  // A tampered signature.
  const tampered = aliceQuery.replace(/sig=(.)/, (_match, first: string) => `sig=${first === "A" ? "B" : "A"}`);
  expect((await alice.request.get(`${alicePath}?${tampered}`)).status()).toBe(403);
  // An expired one, validly signed.
  const secret = fs.readFileSync(path.join(process.env.INLET_E2E_DATA_DIR!, "auth-secret"), "utf8").trim();
  const key = alicePath.replace("/api/lake/", "");
  const expires = Math.floor(Date.now() / 1000) - 60;
  const lakeKey = createHmac("sha256", secret).update("inlet:lake-url").digest();
  const sig = createHmac("sha256", lakeKey).update(`${expires}\n${key}`).digest("base64url");
  const expired = await alice.request.get(`${alicePath}?expires=${expires}&sig=${sig}`);
  expect(expired.status()).toBe(403);
  expect(((await expired.json()) as { error: { code: string } }).error.code).toBe("signature_expired");
  // The same HMAC with a future expiry opens it: the expiry is what refused it.
  const fresh = Math.floor(Date.now() / 1000) + 60;
  const freshSig = createHmac("sha256", lakeKey).update(`${fresh}\n${key}`).digest("base64url");
  expect((await alice.request.get(`${alicePath}?expires=${fresh}&sig=${freshSig}`)).status()).toBe(200);
});
