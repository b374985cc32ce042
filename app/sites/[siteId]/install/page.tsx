import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { FirstEventStatus } from "@/components/first-event-status";
import { InstallSnippet } from "@/components/install-snippet";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { requireSiteAccess, roleMaySite } from "@/lib/access";
import { getDb } from "@/lib/db";
import { requestOrigin } from "@/lib/http/request-origin";
import { firstEvent } from "@/lib/tenancy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Install" };

interface InstallPageProps {
  params: Promise<{ siteId: string }>;
}

/** The snippet, and a check that turns green when the site's first event arrives (new sites land here). */
export default async function SiteInstallPage({ params }: InstallPageProps) {
  const { site, role } = await requireSiteAccess((await params).siteId, "site:read");
  const [first, requestHeaders] = await Promise.all([firstEvent(await getDb(), site.id), headers()]);
  const basePath = `/sites/${site.id}`;
  const domains = site.allowedDomains.length > 0 ? site.allowedDomains.join(", ") : "any domain";

  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={basePath} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Install</h1>
        </div>
      </header>
      <InstallSnippet origin={requestOrigin(requestHeaders)} publicKey={site.publicKey} prominent={false} title="Tracking snippet" />
      <FirstEventStatus siteId={site.id} initiallyReceived={first.received} />
      <p className="muted">
        Events are accepted from pages on {domains}.
        {role && roleMaySite(role, "site:edit") ? (
          <>
            {" "}
            <Link href={`${basePath}/settings`}>Change in Settings</Link>
          </>
        ) : null}{" "}
        Custom events: <code>{'inlet("signup", { plan: "pro" })'}</code>.
      </p>
    </div>
  );
}
