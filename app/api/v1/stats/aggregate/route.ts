import { getKpis } from "@/lib/query";
import { aggregateBody, parseAggregateParams, resolveStatsPeriod, statsRoute } from "@/lib/read-api";

export const dynamic = "force-dynamic";

/** The period's KPIs, optionally with the previous period's and the change (described in lib/read-api/openapi.ts). */
export const GET = statsRoute(async (request, { site }, db) => {
  const params = parseAggregateParams(request.nextUrl.searchParams);
  const period = resolveStatsPeriod(params, site.timeZone, new Date());
  const [kpis, previous] = await Promise.all([
    getKpis(db, site, { range: period.range, filters: params.filters }),
    params.compare ? getKpis(db, site, { range: period.previous, filters: params.filters }) : undefined,
  ]);
  return aggregateBody(params.metrics, kpis, previous, period, site.timeZone);
});
