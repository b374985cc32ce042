import type { Metadata } from "next";
import Link from "next/link";
import { CreateSiteForm } from "@/components/create-site-form";
import { requireMember, roleMayOrganisation } from "@/lib/access";
import { currentOrganisations } from "@/lib/organisations";
import { listSitesOfOrganisation, timeZones } from "@/lib/tenancy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sites" };

/** The sites of the organisation the user works in (the header's switcher picks it). */
export default async function SitesPage() {
  const member = await requireMember();
  const { current } = await currentOrganisations(member.userId);
  if (!current) {
    return (
      <div className="card empty">
        <p>You are not a member of any organisation. Create one, or open an invitation link you were sent.</p>
        <Link className="button button-primary" href="/organisations/new">
          New organisation
        </Link>
      </div>
    );
  }
  const sites = await listSitesOfOrganisation(current.id);
  const mayCreate = roleMayOrganisation(current.role, "organisation:create-site");
  return (
    <div className="sites-layout">
      <section aria-labelledby="sites-heading">
        <h1 id="sites-heading">{current.name}</h1>
        <p className="muted">
          Your role: {current.role} · <Link href={`/organisations/${current.id}`}>Team</Link> · <Link href="/organisations/new">New organisation</Link>
        </p>
        {sites.length === 0 ? (
          <div className="card empty">
            <p>No sites yet. Create your first one to get a tracking snippet.</p>
          </div>
        ) : (
          <ul className="site-list">
            {sites.map((site) => (
              <li key={site.id}>
                <Link href={`/sites/${site.id}`} className="card site-item">
                  <span className="site-item-name">{site.name}</span>
                  <span className="muted site-item-meta">
                    {site.allowedDomains.join(", ") || "any domain"} · {site.timeZone}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayCreate ? (
        <section className="card" aria-labelledby="create-site-heading">
          <h2 id="create-site-heading">Create site</h2>
          <CreateSiteForm organisationId={current.id} timeZones={timeZones()} />
        </section>
      ) : null}
    </div>
  );
}
