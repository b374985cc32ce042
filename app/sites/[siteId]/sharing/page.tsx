import type { Metadata } from "next";
import { headers } from "next/headers";
import { RevokeButton } from "@/components/organisation/revoke-button";
import { ShareLinkForm } from "@/components/share-link-form";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { requireSiteAccess } from "@/lib/access";
import { getDb } from "@/lib/db";
import { requestOrigin } from "@/lib/http/request-origin";
import { listShareLinks } from "@/lib/sharing";
import { revokeShareLinkAction } from "@/lib/sharing/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sharing" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Public, read-only links to the site's dashboard (owners and admins). */
export default async function SiteSharingPage({ params }: { params: Promise<{ siteId: string }> }) {
  const { site } = await requireSiteAccess((await params).siteId, "site:edit");
  const links = await listShareLinks(await getDb(), site.id);
  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={`/sites/${site.id}`} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Sharing</h1>
        </div>
      </header>
      <p className="muted">A share link shows this dashboard, read-only, to anyone who has it, without an account. Revoke it to close it.</p>
      <div className="panels">
        <section className="card panel" aria-labelledby="links-heading">
          <h2 id="links-heading">Links</h2>
          {links.length === 0 ? <p className="muted">No share links.</p> : null}
          <ul className="member-list">
            {links.map((link) => (
              <li key={link.id} className="member-item">
                <div>
                  <strong>{link.label}</strong> <code>{link.prefix}…</code>
                  <div className="muted">
                    {link.hasPassword ? "password protected" : "no password"} · created {dateFormat.format(link.createdAt)}
                  </div>
                </div>
                <RevokeButton action={revokeShareLinkAction.bind(null, site.id, link.id)} label={`Revoke ${link.label}`} />
              </li>
            ))}
          </ul>
        </section>
        <section className="card panel" aria-labelledby="new-link-heading">
          <h2 id="new-link-heading">New link</h2>
          <ShareLinkForm siteId={site.id} origin={requestOrigin(await headers())} />
        </section>
      </div>
    </div>
  );
}
