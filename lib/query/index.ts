// Server-side surface of the dashboard's queries. Client components import the
// URL state from "@/lib/query/dashboard-url" and the model from
// "@/lib/query/dashboard-model" directly, never this index (it pulls in server code).
export { getBreakdown, getKpis, getProperties, getSeries } from "./dashboard";
export { breakdownCsv, csvField } from "./breakdown-csv";
export { breakdownCsvResponse } from "./breakdown-csv-response";
export { countLiveVisitors, LIVE_WINDOW_MS } from "./live-visitors";
export {
  loadBreakdownExport,
  loadBreakdownPage,
  loadDashboard,
  loadDashboardBreakdowns,
  loadDashboardHeader,
  loadDashboardSummary,
  PANEL_ROWS,
  resolveSitePeriod,
  type BreakdownPage,
  type DashboardBreakdowns,
  type DashboardHeader,
  type DashboardSummary,
} from "./load-dashboard";
export { sortBreakdown } from "./sort-breakdown";
export {
  getSystemStatus,
  INGEST_WINDOW_MINUTES,
  QUARANTINE_ROWS,
  type QuarantinedEvent,
  type SystemStatus,
} from "./system-status";
export {
  dashboardHref,
  hotWindowStart,
  localNow,
  parseDashboardParams,
  parseDimension,
  parseListParams,
  rangeAndFilters,
  resolvePeriod,
  serializeDashboardParams,
  sortsFor,
  withFilter,
  withoutFilter,
  withPeriod,
  type BreakdownSort,
  type DashboardState,
  type Period,
  type ResolvedPeriod,
} from "./dashboard-url";
export type { BreakdownRow, Dimension, Filter, HourRange, Interval, Kpi, Kpis, PropertyRow, SeriesPoint } from "./dashboard-model";
