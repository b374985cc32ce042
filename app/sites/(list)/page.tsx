import type { Metadata } from "next";
import Link from "next/link";
import { CreateSiteForm } from "@/components/create-site-form";
import { requireUser } from "@/lib/auth/require-user";
import { listSitesForUser, timeZones } from "@/lib/tenancy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sites" };

export default async function SitesPage() {
  const user = await requireUser();
  const sites = await listSitesForUser(user.id);
  return (
    <div className="sites-layout">
      <section aria-labelledby="sites-heading">
        <h1 id="sites-heading">Your sites</h1>
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
      <section className="card" aria-labelledby="create-site-heading">
        <h2 id="create-site-heading">Create site</h2>
        <CreateSiteForm timeZones={timeZones()} />
      </section>
    </div>
  );
}
