import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BreakdownDetails } from "@/components/dashboard/breakdown-details";
import { SharePasswordForm } from "@/components/share-password-form";
import { requireShareAccess } from "@/lib/access";
import { parseDimension } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Details", robots: { index: false, follow: false }, referrer: "no-referrer" };

interface SharedDetailsPageProps {
  params: Promise<{ token: string; dimension: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** A shared dashboard's full list of one dimension. */
export default async function SharedBreakdownDetailsPage({ params, searchParams }: SharedDetailsPageProps) {
  const { token, dimension: segment } = await params;
  const access = await requireShareAccess(token);
  if (access === "locked") return <SharePasswordForm token={token} />;
  const dimension = parseDimension(segment);
  if (!dimension) notFound();
  return <BreakdownDetails access={access} dimension={dimension} query={await searchParams} dashboardPath={`/share/${token}`} />;
}
