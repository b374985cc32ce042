import Link from "next/link";
import { signOutAction } from "@/lib/auth/actions";
import type { SessionUser } from "@/lib/auth/require-user";
import type { OrganisationMembership } from "@/lib/organisations";
import { OrganisationSwitcher } from "./organisation/organisation-switcher";

interface SiteHeaderProps {
  user: SessionUser | null;
  organisations: OrganisationMembership[];
  current: OrganisationMembership | null;
}

/**
 * The app's top bar: home link, and for a signed-in user the organisation
 * they work in (a switcher when they have several), its team page, who they
 * are and "Sign out".
 */
export function SiteHeader({ user, organisations, current }: SiteHeaderProps) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href={user ? "/sites" : "/sign-in"} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Inlet
        </Link>
        {user ? (
          <nav className="topbar-nav" aria-label="Account">
            {organisations.length > 1 && current ? <OrganisationSwitcher organisations={organisations} currentId={current.id} /> : null}
            <Link href="/sites">Sites</Link>
            {current ? <Link href={`/organisations/${current.id}`}>Team</Link> : null}
            <Link href="/account">Account</Link>
            <span className="topbar-user" title={user.email}>
              {user.name || user.email}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="button button-small button-ghost">
                Sign out
              </button>
            </form>
          </nav>
        ) : null}
      </div>
    </header>
  );
}
