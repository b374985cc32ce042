import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser } from "@/lib/auth/require-user";
import { signInMethods } from "@/lib/auth/sign-in-methods";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** What Auth.js's ?error= codes mean to the person who landed here; anything else gets the generic line. */
const NOTICES: Record<string, string> = {
  Verification: "That sign-in link has expired or was used already. Ask for a new one below.",
  AccessDenied: "That account did not sign you in: the provider has not verified its email address.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[]; next?: string | string[] }> }) {
  // Auth.js sends failures it handles itself (an expired link, a refused provider, a bad callback) here with ?error=.
  const { error, next: nextParam } = await searchParams;
  const next = safeNextPath(nextParam);
  if (await currentUser()) redirect(next ?? "/sites");
  const notice = error ? (NOTICES[String(error)] ?? "Signing in did not work. Please try again.") : undefined;
  return (
    <div className="auth-card card">
      <h1>Sign in</h1>
      <p className="muted">Welcome back to Inlet.</p>
      <SignInForm notice={notice} next={next} methods={signInMethods(env())} />
      <p className="auth-switch">
        No account yet? <Link href={next ? `/sign-up?next=${encodeURIComponent(next)}` : "/sign-up"}>Create an account</Link>
      </p>
    </div>
  );
}
