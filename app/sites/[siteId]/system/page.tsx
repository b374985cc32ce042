import type { Metadata } from "next";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { SystemEventsPerMinute, SystemProjectionLag, SystemQuarantine } from "@/components/dashboard/system-status";
import { requireSiteAccess } from "@/lib/access";
import { getDb } from "@/lib/db";
import { getSystemStatus } from "@/lib/query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "System" };

interface SystemPageProps {
  params: Promise<{ siteId: string }>;
}

/** The site's pipeline for its owners and admins: ingestion per minute, projection lag, quarantine. */
export default async function SiteSystemPage({ params }: SystemPageProps) {
  // A viewer gets the same 404 as a stranger: the quarantine holds raw input from the site's pages.
  const { site } = await requireSiteAccess((await params).siteId, "site:system");
  const status = await getSystemStatus(await getDb(), site.id);

  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={`/sites/${site.id}`} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>System</h1>
        </div>
      </header>
      <p className="muted dashboard-range">Times in {site.timeZone}</p>
      <SystemEventsPerMinute minutes={status.eventsPerMinute} timeZone={site.timeZone} />
      <SystemProjectionLag lag={status.lag} timeZone={site.timeZone} />
      <SystemQuarantine rows={status.quarantine.rows} total={status.quarantine.total} timeZone={site.timeZone} />
    </div>
  );
}
