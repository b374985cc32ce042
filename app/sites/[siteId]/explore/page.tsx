import type { Metadata } from "next";
import { ExploreWorkspace } from "@/components/explore/explore-workspace";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { requireSiteAccess } from "@/lib/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Explore" };

interface ExplorePageProps {
  params: Promise<{ siteId: string }>;
}

/** SQL over the site's whole history, run in the reader's browser: anyone who may read the site may open it. */
export default async function SiteExplorePage({ params }: ExplorePageProps) {
  const { site } = await requireSiteAccess((await params).siteId, "site:read");
  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={`/sites/${site.id}`} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Explore</h1>
        </div>
      </header>
      <p className="muted dashboard-range">
        SQL over <code>events</code> and <code>sessions</code>, run by DuckDB in this browser. Times in {site.timeZone}.
      </p>
      <ExploreWorkspace siteId={site.id} siteName={site.name} timeZone={site.timeZone} />
    </div>
  );
}
