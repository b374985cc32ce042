import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BreakdownDetails } from "@/components/dashboard/breakdown-details";
import { requireSiteAccess } from "@/lib/access";
import { parseDimension } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Details" };

interface DetailsPageProps {
  params: Promise<{ siteId: string; dimension: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function BreakdownDetailsPage({ params, searchParams }: DetailsPageProps) {
  const { siteId, dimension: segment } = await params;
  const access = await requireSiteAccess(siteId, "site:read");
  const dimension = parseDimension(segment);
  if (!dimension) notFound();
  return <BreakdownDetails access={access} dimension={dimension} query={await searchParams} dashboardPath={`/sites/${access.site.id}`} />;
}
