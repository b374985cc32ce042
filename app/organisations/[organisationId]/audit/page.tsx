import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganisationAccess } from "@/lib/access";
import { AUDIT_PAGE_SIZE, listAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** Who changed members, keys and sites, newest first, for owners. `?before=<id>` pages back. */
export default async function AuditPage({ params, searchParams }: { params: Promise<{ organisationId: string }>; searchParams: Promise<{ before?: string }> }) {
  const { organisationId } = await requireOrganisationAccess((await params).organisationId, "organisation:audit");
  const beforeText = (await searchParams).before;
  const before = beforeText && /^\d{1,15}$/.test(beforeText) ? Number(beforeText) : undefined;
  const entries = await listAudit(await getDb(), organisationId, { before });
  return (
    <>
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Audit log</h1>
        </div>
      </header>
      <section className="card panel">
        {entries.length === 0 ? <p className="muted">Nothing recorded{before ? " before this point" : " yet"}.</p> : null}
        <div className="table-scroll">
          <table className="breakdown breakdown-full">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{timeFormat.format(entry.at)}</td>
                  <td>{entry.actorEmail}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="audit-details">
                    {Object.entries(entry.details)
                      .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {entries.length === AUDIT_PAGE_SIZE ? (
          <nav className="pagination">
            <Link href={`/organisations/${organisationId}/audit?before=${entries.at(-1)!.id}`}>Older entries</Link>
          </nav>
        ) : null}
      </section>
    </>
  );
}
