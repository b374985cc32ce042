/**
 * Shown while the sites list loads. In the (list) group so that it wraps this
 * page only: above [siteId], its boundary would start streaming before that
 * layout could answer a 404.
 */
export default function SitesLoading() {
  return (
    <div className="sites-layout" aria-busy="true" aria-label="Loading sites">
      <div>
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-row" />
        <div className="skeleton skeleton-row" />
      </div>
      <div className="card">
        <div className="skeleton skeleton-text" style={{ width: "8rem" }} />
        <div className="skeleton skeleton-row" />
        <div className="skeleton skeleton-row" />
        <div className="skeleton skeleton-row" />
      </div>
    </div>
  );
}
