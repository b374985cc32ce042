import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { InstallSnippet } from "@/components/install-snippet";
import { PageviewsChart } from "@/components/pageviews-chart";
import { requireUser } from "@/lib/auth/require-user";
import { requestOrigin } from "@/lib/http/request-origin";
import { getDailyPageviews } from "@/lib/query";
import { getSiteForUserOrThrow } from "@/lib/tenancy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

const DAYS = 30;

export default async function SiteDashboardPage({ params }: { params: Promise<{ siteId: string }> }) {
  const user = await requireUser();
  const { siteId } = await params;
  const site = await getSiteForUserOrThrow(user.id, siteId);
  const [pageviews, requestHeaders] = await Promise.all([getDailyPageviews(site, { days: DAYS }), headers()]);
  const hasData = pageviews.total > 0;
  const install = <InstallSnippet origin={requestOrigin(requestHeaders)} publicKey={site.publicKey} prominent={!hasData} />;

  return (
    <div className="dashboard">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/sites">Sites</Link> <span aria-hidden="true">/</span>
      </nav>
      <header className="dashboard-head">
        <h1>{site.name}</h1>
        <p className="muted">
          {site.allowedDomains.join(", ") || "any domain"} · days in {site.timeZone}
        </p>
      </header>

      {hasData ? null : install}

      <section className="card" aria-labelledby="pageviews-heading">
        <div className="stat">
          <h2 id="pageviews-heading" className="stat-label">
            Pageviews, last {DAYS} days
          </h2>
          <p className="stat-value" data-testid="total-pageviews">
            {pageviews.total.toLocaleString("en-US")}
          </p>
        </div>
        <div className="chart" data-testid="pageviews-chart">
          <PageviewsChart days={pageviews.days} />
        </div>
      </section>

      {hasData ? install : null}
    </div>
  );
}
