// The public read API (GET /api/v1/stats/*, /api/v1/openapi.json): strict
// parameter parsing, answer shapes and the OpenAPI document are pure; only
// statsRoute touches lib/access. The numbers themselves come from lib/query.
export { aggregateBody, breakdownBody, timeseriesBody, type AggregateBody, type BreakdownBody, type TimeseriesBody } from "./format-stats";
export { InvalidParameter } from "./invalid-parameter";
export { openApiDocument } from "./openapi";
export { parseAggregateParams, parseBreakdownParams, parseTimeseriesParams, resolveStatsPeriod } from "./parse-stats-params";
export { statsRoute } from "./stats-route";
