/** Shown while the system view's queries run: three cards, as the page draws them. */
export default function SystemLoading() {
  return (
    <div className="dashboard" aria-busy="true" aria-label="Loading system status">
      <div className="skeleton skeleton-text" style={{ width: "8rem" }} />
      <div className="skeleton skeleton-title" />
      {Array.from({ length: 3 }, (_, i) => (
        <div key={i} className="card">
          <div className="skeleton skeleton-text" style={{ width: "10rem" }} />
          <div className="skeleton skeleton-chart" />
        </div>
      ))}
    </div>
  );
}
