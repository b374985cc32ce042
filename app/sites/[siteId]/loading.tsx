/** Shown while the dashboard's queries run. */
export default function DashboardLoading() {
  return (
    <div className="dashboard" aria-busy="true" aria-label="Loading dashboard">
      <div className="skeleton skeleton-text" style={{ width: "4rem" }} />
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-text" style={{ width: "16rem" }} />
      <div className="card">
        <div className="skeleton skeleton-text" style={{ width: "10rem" }} />
        <div className="skeleton skeleton-stat" />
        <div className="skeleton skeleton-chart" />
      </div>
    </div>
  );
}
