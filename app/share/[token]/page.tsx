import type { Metadata } from "next";
import { SiteDashboard } from "@/components/dashboard/site-dashboard";
import { SharePasswordForm } from "@/components/share-password-form";
import { requireShareAccess } from "@/lib/access";
import { parseDashboardParams } from "@/lib/query";

export const dynamic = "force-dynamic";
// A share link is a secret: keep its pages out of search engines and referrers.
export const metadata: Metadata = { title: "Shared dashboard", robots: { index: false, follow: false }, referrer: "no-referrer" };

interface SharedDashboardPageProps {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** A site's dashboard, read-only, for whoever holds the link (signed in or not). */
export default async function SharedDashboardPage({ params, searchParams }: SharedDashboardPageProps) {
  const { token } = await params;
  const access = await requireShareAccess(token);
  if (access === "locked") return <SharePasswordForm token={token} />;
  return <SiteDashboard access={access} state={parseDashboardParams(await searchParams)} basePath={`/share/${token}`} shareToken={token} />;
}
