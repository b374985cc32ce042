import { dailyPageviewsProjection } from "./daily-pageviews";
import type { Projection } from "./projection";
import { sessionsProjection } from "./sessions";

export { catchUp, hasReached, logHead, projectBatch, rebuild } from "./run-projection";
export { clearSiteReadModels, reprojectSite } from "./reproject-site";
export { projectionLag, type ProjectionLag } from "./projection-lag";
export type { LogPosition, LogRange, Projection } from "./projection";

/** Every projection, by name. */
export const projections: Record<string, Projection> = {
  [dailyPageviewsProjection.name]: dailyPageviewsProjection,
  [sessionsProjection.name]: sessionsProjection,
};
