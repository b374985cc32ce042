import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/sign-up-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next ?? "/sites");
  return (
    <div className="auth-card card">
      <h1>Create your account</h1>
      <p className="muted">Simple, privacy-friendly analytics for your sites.</p>
      <SignUpForm next={next} />
      <p className="auth-switch">
        Already have an account? <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"}>Sign in</Link>
      </p>
    </div>
  );
}
