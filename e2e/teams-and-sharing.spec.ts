import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { uuidv7 } from "uuidv7";

const PASSWORD = "correct horse battery";
const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

async function signUp(page: Page, name: string, email: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

/**
 * A team from scratch: an owner signs up, makes an organisation and a site,
 * copies the snippet and invites a viewer, who accepts in another browser;
 * the viewer can read but not change settings, and a share link shows the
 * dashboard to someone signed out until it is revoked.
 */
test("an organisation's owner invites a viewer and shares the dashboard", async ({ browser, baseURL }) => {
  const owner = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/sign-up");
  await signUp(ownerPage, "Olive Owner", `owner-${randomUUID()}@example.test`);
  await expect(ownerPage).toHaveURL(/\/sites$/);

  // A new organisation of her own, beside the one sign-up made.
  await ownerPage.goto("/organisations/new");
  await ownerPage.getByLabel("Organisation name").fill("Acme Analytics");
  await ownerPage.getByRole("button", { name: "Create organisation" }).click();
  await expect(ownerPage.getByRole("heading", { name: "Acme Analytics", level: 1 })).toBeVisible();

  await ownerPage.getByLabel("Site name").fill("Acme shop");
  await ownerPage.getByLabel("Domains").fill("example.com");
  await ownerPage.getByRole("button", { name: "Create site" }).click();
  await expect(ownerPage).toHaveURL(/\/sites\/[0-9a-f-]{36}\/install$/);
  const dashboardPath = new URL(ownerPage.url()).pathname.replace(/\/install$/, "");

  // Copy the snippet: the clipboard holds the script tag with the site's key.
  await ownerPage.getByRole("button", { name: "Copy snippet" }).click();
  const snippet = await ownerPage.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<script defer src="http:\/\/127\.0\.0\.1:\d+\/s\.js" data-site="pk_[A-Za-z0-9]+"><\/script>$/);
  const publicKey = snippet.match(/data-site="(pk_[A-Za-z0-9]+)"/)![1]!;

  // One pageview, so the dashboards have something to show.
  const sent = await ownerPage.request.post("/api/collect", {
    headers: { "content-type": "text/plain", origin: "https://example.com", "user-agent": PERSON_USER_AGENT, "x-real-ip": "198.51.100.7" },
    data: JSON.stringify({ site: publicKey, sent_at: Date.now(), events: [{ id: uuidv7(), ts: Date.now() - 5_000, name: "pageview", url: "https://example.com/launch" }] }),
  });
  expect(sent.status()).toBe(202);

  // Invite a viewer: the page shows the link once.
  await ownerPage.getByRole("link", { name: "Team" }).first().click();
  await ownerPage.getByLabel("Email", { exact: true }).fill("vera@example.test");
  await ownerPage.getByLabel("Role", { exact: true }).selectOption("viewer");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const inviteLink = (await ownerPage.locator(".secret-value").textContent())!;
  expect(inviteLink).toMatch(/\/invite\/inlet_invite_[A-Za-z0-9_-]+$/);

  // The viewer, in a browser of her own: sign up through the link, come back, accept.
  const viewer = await browser.newContext();
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(inviteLink);
  await expect(viewerPage.getByRole("heading", { name: "Join Acme Analytics" })).toBeVisible();
  await viewerPage.getByRole("link", { name: "Create an account" }).click();
  await signUp(viewerPage, "Vera Viewer", `viewer-${randomUUID()}@example.test`);
  await expect(viewerPage).toHaveURL(/\/invite\//);
  await viewerPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewerPage.getByRole("heading", { name: "Acme Analytics", level: 1 })).toBeVisible();
  await viewerPage.getByRole("link", { name: /Acme shop/ }).click();
  await expect(viewerPage.getByRole("heading", { name: "Acme shop", level: 1 })).toBeVisible();

  // The viewer reads, but cannot change settings: no link, and the pages and their actions are 404s.
  await expect(viewerPage.getByRole("link", { name: "Settings" })).toHaveCount(0);
  expect((await viewerPage.request.get(`${dashboardPath}/settings`)).status()).toBe(404);
  expect((await viewerPage.request.get(`${dashboardPath}/sharing`)).status()).toBe(404);
  expect((await viewerPage.request.get(`${dashboardPath}/goals`)).status()).toBe(404);
  await viewerPage.getByRole("link", { name: "Team" }).first().click();
  await expect(viewerPage.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);

  // The owner sees the viewer in the team.
  await ownerPage.reload();
  await expect(ownerPage.getByRole("region", { name: "Members" })).toContainText("Vera Viewer");

  // A share link shows the dashboard to someone signed out.
  await ownerPage.goto(`${dashboardPath}/sharing`);
  await ownerPage.getByLabel("Label").fill("Investors");
  await ownerPage.getByRole("button", { name: "Create share link" }).click();
  const shareLink = (await ownerPage.locator(".secret-value").textContent())!;
  expect(shareLink).toMatch(/\/share\/inlet_share_[A-Za-z0-9_-]+$/);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(shareLink);
  await expect(strangerPage.getByRole("heading", { name: "Acme shop", level: 1 })).toBeVisible();
  await expect(strangerPage.getByRole("region", { name: "Pages", exact: true })).toContainText("/launch");
  await expect(strangerPage.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(strangerPage.getByRole("link", { name: "Settings" })).toHaveCount(0);
  // The link reads this site only: the members' URLs still want a session.
  expect((await strangerPage.request.get(dashboardPath, { maxRedirects: 0 })).status()).toBe(307);

  // Revoked, it opens nothing.
  await ownerPage.getByRole("button", { name: "Revoke Investors" }).click();
  await expect(ownerPage.getByText("No share links.")).toBeVisible();
  expect((await strangerPage.request.get(shareLink)).status()).toBe(404);

  // A link with a password asks for it first.
  await ownerPage.getByLabel("Label").fill("Board");
  await ownerPage.getByLabel("Password (optional)").fill("board secret 1");
  await ownerPage.getByRole("button", { name: "Create share link" }).click();
  // The form still shows the revoked link until the new one arrives.
  await expect(ownerPage.locator(".secret-value")).not.toHaveText(shareLink);
  const lockedLink = (await ownerPage.locator(".secret-value").textContent())!;
  await strangerPage.goto(lockedLink);
  await expect(strangerPage.getByRole("heading", { name: "This dashboard is protected" })).toBeVisible();
  await strangerPage.getByLabel("Password").fill("not the secret");
  await strangerPage.getByRole("button", { name: "Open dashboard" }).click();
  await expect(strangerPage.getByText("That password is not right.")).toBeVisible();
  await strangerPage.getByLabel("Password").fill("board secret 1");
  await strangerPage.getByRole("button", { name: "Open dashboard" }).click();
  await expect(strangerPage.getByRole("heading", { name: "Acme shop", level: 1 })).toBeVisible();

  // The owner's header switches between her two organisations.
  await ownerPage.goto("/sites");
  await ownerPage.getByLabel("Organisation").selectOption({ label: "Olive Owner's organisation" });
  await expect(ownerPage.getByRole("heading", { name: "Olive Owner's organisation", level: 1 })).toBeVisible();

  await Promise.all([owner.close(), viewer.close(), stranger.close()]);
  expect(baseURL).toBeTruthy();
});
