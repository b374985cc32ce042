import type { Metadata } from "next";
import { ExploreWorkspace } from "@/components/explore/explore-workspace";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { requireSiteAccess } from "@/lib/access";
import { getDb, withTenantScope } from "@/lib/db";
import { llmEngineConfigured } from "@/lib/nlq/llm-config";
import { loadNlqContext } from "@/lib/nlq/nlq-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Explore" };

interface ExplorePageProps {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}

/**
 * SQL over the site's whole history, run in the reader's browser, and the
 * question box that writes it (`?q=` asks on arrival): anyone who may read
 * the site may open it.
 */
export default async function SiteExplorePage({ params, searchParams }: ExplorePageProps) {
  const { site } = await requireSiteAccess((await params).siteId, "site:read");
  const q = (await searchParams).q;
  const initialQuestion = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, 500) || undefined;
  const { now: _now, ...context } = await withTenantScope(await getDb(), [site.id], (db) => loadNlqContext(db, site));
  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={`/sites/${site.id}`} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Explore</h1>
        </div>
      </header>
      <p className="muted dashboard-range">
        Ask a question or write SQL over <code>events</code> and <code>sessions</code>, run by DuckDB in this browser. Times in {site.timeZone}.
      </p>
      <ExploreWorkspace siteId={site.id} siteName={site.name} timeZone={site.timeZone} questions={{ context, llmAvailable: llmEngineConfigured(), initialQuestion }} />
    </div>
  );
}
