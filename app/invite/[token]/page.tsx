import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationButton } from "@/components/organisation/accept-invitation-button";
import { currentUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db";
import { findOpenInvitation } from "@/lib/organisations";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation" };

/**
 * An invitation link. Anyone holding it sees which organisation and role it
 * offers; accepting needs an account, so a signed-out visitor signs in or up
 * and comes back here.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(await getDb(), token);
  if (!invitation) {
    return (
      <div className="auth-card card">
        <h1>This invitation does not work</h1>
        <p className="muted">It was used, revoked or has expired. Ask whoever invited you for a new link.</p>
      </div>
    );
  }
  const user = await currentUser();
  const here = `/invite/${token}`;
  return (
    <div className="auth-card card">
      <h1>Join {invitation.organisationName}</h1>
      <p className="muted">
        You are invited as <strong>{invitation.role}</strong>
        {invitation.email ? ` (invitation for ${invitation.email})` : null}.
      </p>
      {user ? (
        <>
          <p>Signed in as {user.email}.</p>
          <AcceptInvitationButton token={token} />
        </>
      ) : (
        <p className="actions">
          <Link className="button button-primary" href={`/sign-up?next=${encodeURIComponent(here)}`}>
            Create an account
          </Link>
          <Link className="button" href={`/sign-in?next=${encodeURIComponent(here)}`}>
            Sign in
          </Link>
        </p>
      )}
    </div>
  );
}
