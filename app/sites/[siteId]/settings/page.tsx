import type { Metadata } from "next";
import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { DeleteSiteForm } from "@/components/delete-site-form";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { SiteSettingsForm } from "@/components/site-settings-form";
import { requireSiteAccess, roleMaySite } from "@/lib/access";
import { timeZones } from "@/lib/tenancy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

interface SettingsPageProps {
  params: Promise<{ siteId: string }>;
}

/** The site's settings (owners and admins), its public key, and for owners, deleting it. */
export default async function SiteSettingsPage({ params }: SettingsPageProps) {
  const { site, role } = await requireSiteAccess((await params).siteId, "site:edit");
  const basePath = `/sites/${site.id}`;

  return (
    <div className="dashboard settings">
      <SiteBreadcrumb siteName={site.name} siteHref={basePath} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Settings</h1>
        </div>
      </header>

      <section className="card" aria-labelledby="settings-general">
        <h2 id="settings-general">General</h2>
        <SiteSettingsForm
          siteId={site.id}
          timeZones={timeZones()}
          current={{ name: site.name, domains: site.allowedDomains.join(", "), timeZone: site.timeZone, hotRetentionDays: String(site.hotRetentionDays) }}
        />
      </section>

      <section className="card" aria-labelledby="settings-public-key">
        <div className="install-head">
          <h2 id="settings-public-key">Public key</h2>
          <CopyButton text={site.publicKey} label="Copy key" />
        </div>
        <pre className="snippet">
          <code data-testid="public-key">{site.publicKey}</code>
        </pre>
        <p className="muted">
          The snippet carries it. It only lets pages on your domains send events, so it is safe in public HTML.{" "}
          <Link href={`${basePath}/install`}>Install instructions</Link>
        </p>
      </section>

      {role && roleMaySite(role, "site:delete") ? (
        <section className="card settings-danger" aria-labelledby="settings-delete">
          <h2 id="settings-delete">Delete site</h2>
          <p className="muted">
            Deletes {site.name} with all its events, statistics, goals, funnels and share links, at once and for good. The snippet on your pages then
            sends to a site that no longer exists.
          </p>
          <DeleteSiteForm siteId={site.id} siteName={site.name} />
        </section>
      ) : null}
    </div>
  );
}
