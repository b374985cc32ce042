import Link from "next/link";
import { signOutAction } from "@/lib/auth/actions";
import type { SessionUser } from "@/lib/auth/require-user";

/** The app's top bar: home link, and for a signed-in user, who they are and "Sign out". */
export function SiteHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href={user ? "/sites" : "/sign-in"} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Inlet
        </Link>
        {user ? (
          <nav className="topbar-nav" aria-label="Account">
            <Link href="/sites">Sites</Link>
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
