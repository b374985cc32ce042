import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[]; next?: string | string[] }> }) {
  // Auth.js sends failures it handles itself (an expired form, a bad callback) here with ?error=.
  const { error, next: nextParam } = await searchParams;
  const next = safeNextPath(nextParam);
  if (await currentUser()) redirect(next ?? "/sites");
  const notice = error ? "Signing in did not work. Please try again." : undefined;
  return (
    <div className="auth-card card">
      <h1>Sign in</h1>
      <p className="muted">Welcome back to Inlet.</p>
      <SignInForm notice={notice} next={next} />
      <p className="auth-switch">
        No account yet? <Link href={next ? `/sign-up?next=${encodeURIComponent(next)}` : "/sign-up"}>Create an account</Link>
      </p>
    </div>
  );
}
