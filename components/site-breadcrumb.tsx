import Link from "next/link";

/** "Sites / <site> /" above a page that belongs to one site; `siteHref` may carry the dashboard's view. */
export function SiteBreadcrumb({ siteName, siteHref }: { siteName: string; siteHref: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link href="/sites">Sites</Link> <span aria-hidden="true">/</span> <Link href={siteHref}>{siteName}</Link> <span aria-hidden="true">/</span>
    </nav>
  );
}
