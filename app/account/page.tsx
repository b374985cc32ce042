import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountPasswordForm } from "@/components/account-password-form";
import { AccountSignOutEverywhere } from "@/components/account-sign-out-everywhere";
import { requireMember } from "@/lib/access";
import { findAccountSummary, SESSION_MAX_AGE_SECONDS, signInMethods } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google" };

/** The signed-in user's own account: who they are, their password, their sessions. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ password?: string | string[] }> }) {
  const caller = await requireMember();
  const account = await findAccountSummary(await getDb(), caller.userId);
  if (!account) redirect("/sign-in");
  const ways = [
    account.hasPassword ? "your password" : null,
    ...account.providers.map((provider) => PROVIDER_NAMES[provider] ?? provider),
    signInMethods(env()).email ? "a link emailed to this address" : null,
  ].filter((way) => way !== null);
  const sessionDays = SESSION_MAX_AGE_SECONDS / 86_400;

  return (
    <div className="dashboard settings">
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Account</h1>
        </div>
      </header>

      <section className="card" aria-labelledby="account-you">
        <h2 id="account-you">{account.name}</h2>
        <p data-testid="account-email">{account.email}</p>
        {ways.length ? <p className="muted">You sign in with {listed(ways)}.</p> : null}
      </section>

      <section className="card" aria-labelledby="account-password">
        <h2 id="account-password">Password</h2>
        {account.hasPassword ? (
          <AccountPasswordForm email={account.email} changed={(await searchParams).password === "changed"} />
        ) : (
          <p className="muted">Your account has no password{ways.length ? `: you sign in with ${listed(ways)}` : ""}.</p>
        )}
      </section>

      <section className="card settings-danger" aria-labelledby="account-sessions">
        <h2 id="account-sessions">Sessions</h2>
        <p className="muted">
          A sign-in lasts {sessionDays} days. Signing out everywhere ends every session of your account, on every device and browser, this one included: use it
          when a device was lost or shared. Changing your password does the same, except here.
        </p>
        <AccountSignOutEverywhere />
      </section>
    </div>
  );
}

/** "a", "a or b", "a, b or c". */
function listed(items: string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
