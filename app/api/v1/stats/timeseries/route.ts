import { getSeries } from "@/lib/query";
import { parseTimeseriesParams, resolveStatsPeriod, statsRoute, timeseriesBody } from "@/lib/read-api";

export const dynamic = "force-dynamic";

/** The KPIs per bucket of an interval, every bucket present (described in lib/read-api/openapi.ts). */
export const GET = statsRoute(async (request, { site }, db) => {
  const params = parseTimeseriesParams(request.nextUrl.searchParams);
  const period = resolveStatsPeriod(params, site.timeZone, new Date());
  const points = await getSeries(db, site, { range: period.range, filters: params.filters }, period.interval);
  return timeseriesBody(params.metrics, points, period, site.timeZone);
});
