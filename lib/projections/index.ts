import { dailyPageviewsProjection } from "./daily-pageviews";
import type { Projection } from "./projection";

export { catchUp, projectBatch, rebuild } from "./run-projection";
export type { Projection } from "./projection";

/** Every projection, by name. */
export const projections: Record<string, Projection> = {
  [dailyPageviewsProjection.name]: dailyPageviewsProjection,
};
