import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

/**
 * Changing the password keeps this browser signed in and signs out every
 * other session of the account; the new password then signs in, the old one
 * no longer does.
 */
test("a password change signs out the account's other sessions", async ({ browser }) => {
  const email = `account-${randomUUID()}@example.test`;
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Paula Password");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("old horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sites$/);

  // A second browser signed into the same account.
  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("old horse battery");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/sites$/);

  await page.getByRole("link", { name: "Account" }).click();
  await page.getByLabel("Current password").fill("wrong horse battery");
  await page.getByLabel("New password", { exact: true }).fill("new horse battery");
  await page.getByLabel("Confirm new password").fill("new horse battery");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current-password-error")).toBeVisible();

  await page.getByLabel("Current password").fill("old horse battery");
  await page.getByLabel("New password", { exact: true }).fill("new horse battery");
  await page.getByLabel("Confirm new password").fill("new horse battery");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  // This browser stays in; the other one is out.
  await page.goto("/sites");
  await expect(page).toHaveURL(/\/sites$/);
  await other.goto("/sites");
  await expect(other).toHaveURL(/\/sign-in/);

  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("old horse battery");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByText("That email and password do not match an account.")).toBeVisible();
  await other.getByLabel("Password").fill("new horse battery");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/sites$/);

  await Promise.all([first.close(), second.close()]);
});
