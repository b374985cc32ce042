import type { Metadata } from "next";
import { InviteForm } from "@/components/organisation/invite-form";
import { LeaveButton, MemberControls } from "@/components/organisation/member-controls";
import { OrganisationNameForm } from "@/components/organisation/create-organisation-form";
import { requireOrganisationAccess, roleMayOrganisation } from "@/lib/access";
import { getDb } from "@/lib/db";
import { roles } from "@/lib/db/schema";
import { currentOrganisations, listMembers, listPendingInvitations, mayManageRole } from "@/lib/organisations";
import { RevokeButton } from "@/components/organisation/revoke-button";
import { revokeInvitationAction } from "@/lib/organisations/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Members and their roles, pending invitations, inviting, leaving. */
export default async function OrganisationMembersPage({ params }: { params: Promise<{ organisationId: string }> }) {
  const access = await requireOrganisationAccess((await params).organisationId, "organisation:read");
  const { organisationId, role: myRole } = access;
  const db = await getDb();
  const manages = roleMayOrganisation(myRole, "organisation:members");
  const [members, invitations, mine] = await Promise.all([
    listMembers(db, organisationId),
    manages ? listPendingInvitations(db, organisationId) : Promise.resolve([]),
    // The header already loaded them for this request (cached).
    currentOrganisations(access.caller.userId),
  ]);
  const name = mine.all.find((organisation) => organisation.id === organisationId)?.name ?? "";
  const assignable = roles.filter((role) => mayManageRole(myRole, role));

  return (
    <>
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>{name}</h1>
        </div>
        <LeaveButton organisationId={organisationId} />
      </header>
      <div className="panels">
        <section className="card panel" aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <ul className="member-list">
            {members.map((member) => (
              <li key={member.userId} className="member-item">
                <div>
                  <strong>{member.name}</strong> <span className="muted">{member.email}</span>
                  <div className="muted">
                    {member.role} · since {dateFormat.format(member.joinedAt)}
                  </div>
                </div>
                {manages && member.userId !== access.caller.userId && mayManageRole(myRole, member.role) ? (
                  <MemberControls organisationId={organisationId} userId={member.userId} role={member.role} roles={assignable} name={member.name} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        {manages ? (
          <section className="card panel" aria-labelledby="invite-heading">
            <h2 id="invite-heading">Invite someone</h2>
            <InviteForm organisationId={organisationId} roles={assignable} />
            {invitations.length > 0 ? (
              <>
                <h3>Pending invitations</h3>
                <ul className="member-list">
                  {invitations.map((invitation) => (
                    <li key={invitation.id} className="member-item">
                      <div>
                        {invitation.email} <span className="muted">as {invitation.role}, until {dateFormat.format(invitation.expiresAt)}</span>
                      </div>
                      <RevokeButton action={revokeInvitationAction.bind(null, organisationId, invitation.id)} label={`Revoke the invitation of ${invitation.email}`} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ) : null}
        {roleMayOrganisation(myRole, "organisation:rename") ? (
          <section className="card panel" aria-labelledby="rename-heading">
            <h2 id="rename-heading">Name</h2>
            <OrganisationNameForm organisationId={organisationId} name={name} />
          </section>
        ) : null}
      </div>
    </>
  );
}
