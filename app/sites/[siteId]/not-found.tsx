import Link from "next/link";

/** One answer for "no such site" and "not your site", so neither leaks which it was. */
export default function SiteNotFound() {
  return (
    <div className="card message-card">
      <h1>Site not found</h1>
      <p className="muted">
        This site does not exist, or it belongs to an organisation you are not a member of. If a colleague sent you the
        link, ask them to invite you.
      </p>
      <Link href="/sites" className="button button-primary">
        Back to your sites
      </Link>
    </div>
  );
}
