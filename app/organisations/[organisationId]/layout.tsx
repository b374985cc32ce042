import Link from "next/link";
import type { ReactNode } from "react";
import { requireOrganisationAccess, roleMayOrganisation } from "@/lib/access";

/**
 * An organisation the user is not a member of (or that does not exist) is a
 * real 404 here, before any page streams. Each page checks its own
 * permission again.
 */
export default async function OrganisationLayout({ children, params }: { children: ReactNode; params: Promise<{ organisationId: string }> }) {
  const { organisationId, role } = await requireOrganisationAccess((await params).organisationId, "organisation:read");
  const base = `/organisations/${organisationId}`;
  return (
    <div className="dashboard">
      <nav className="tabs organisation-tabs" aria-label="Organisation">
        <Link href={base} className="tab">
          Members
        </Link>
        {roleMayOrganisation(role, "organisation:api-keys") ? (
          <Link href={`${base}/api-keys`} className="tab">
            API keys
          </Link>
        ) : null}
        {roleMayOrganisation(role, "organisation:audit") ? (
          <Link href={`${base}/audit`} className="tab">
            Audit log
          </Link>
        ) : null}
      </nav>
      {children}
    </div>
  );
}
