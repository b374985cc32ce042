import Link from "next/link";

/**
 * An unknown list, or a site the reader may not see: one answer for both, so
 * it never tells whether the site exists (as the site's own not-found page).
 */
export default function DetailsNotFound() {
  return (
    <div className="card message-card">
      <h1>List not found</h1>
      <p className="muted">
        Either this list does not exist (the link may be mistyped or out of date), or the site belongs to an organisation
        you are not a member of. The dashboard links to every list Inlet keeps.
      </p>
      <Link href="/sites" className="button button-primary">
        Back to your sites
      </Link>
    </div>
  );
}
