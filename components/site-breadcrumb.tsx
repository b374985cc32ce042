import Link from "next/link";

/**
 * "Sites / <site> /" above a page that belongs to one site; `siteHref` may
 * carry the dashboard's view. A shared dashboard's reader has no sites list:
 * `withSites={false}` leaves it out.
 */
export function SiteBreadcrumb({ siteName, siteHref, withSites = true }: { siteName: string; siteHref: string; withSites?: boolean }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      {withSites ? (
        <>
          <Link href="/sites">Sites</Link> <span aria-hidden="true">/</span>{" "}
        </>
      ) : null}
      <Link href={siteHref}>{siteName}</Link> <span aria-hidden="true">/</span>
    </nav>
  );
}
