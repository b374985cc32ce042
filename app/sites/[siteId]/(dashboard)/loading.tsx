import { BreakdownPanelsSkeleton } from "@/components/dashboard/breakdown-panels";

/**
 * Shown while the dashboard's queries run: the page's shape, so nothing jumps
 * when it arrives. In the (dashboard) group so that it wraps this page only:
 * above goals/, system/ and details/, its boundary would start streaming
 * before their layouts could answer a 404.
 */
export default function DashboardLoading() {
  return (
    <div className="dashboard" aria-busy="true" aria-label="Loading dashboard">
      <div className="skeleton skeleton-text" style={{ width: "4rem" }} />
      <div className="dashboard-head">
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-button" />
      </div>
      <div className="skeleton skeleton-text" style={{ width: "16rem" }} />
      <ul className="kpis" aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="kpi">
            <div className="skeleton skeleton-text" style={{ width: "70%" }} />
            <div className="skeleton skeleton-stat" />
          </li>
        ))}
      </ul>
      <div className="card">
        <div className="skeleton skeleton-text" style={{ width: "10rem" }} />
        <div className="skeleton skeleton-chart" />
      </div>
      <BreakdownPanelsSkeleton />
    </div>
  );
}
