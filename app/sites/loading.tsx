/** Shown while the sites list loads. */
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
