import type { Metadata } from "next";
import { SiteDashboard } from "@/components/dashboard/site-dashboard";
import { requireSiteAccess } from "@/lib/access";
import { parseDashboardParams } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

interface DashboardPageProps {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SiteDashboardPage({ params, searchParams }: DashboardPageProps) {
  const access = await requireSiteAccess((await params).siteId, "site:read");
  return <SiteDashboard access={access} state={parseDashboardParams(await searchParams)} basePath={`/sites/${access.site.id}`} />;
}
