import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { currentUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await currentUser()) redirect("/sites");
  // Auth.js sends failures it handles itself (an expired form, a bad callback) here with ?error=.
  const { error } = await searchParams;
  const notice = error ? "Signing in did not work. Please try again." : undefined;
  return (
    <div className="auth-card card">
      <h1>Sign in</h1>
      <p className="muted">Welcome back to Inlet.</p>
      <SignInForm notice={notice} />
      <p className="auth-switch">
        No account yet? <Link href="/sign-up">Create an account</Link>
      </p>
    </div>
  );
}
