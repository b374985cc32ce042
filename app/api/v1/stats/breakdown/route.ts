import { getBreakdown } from "@/lib/query";
import { breakdownBody, parseBreakdownParams, resolveStatsPeriod, statsRoute } from "@/lib/read-api";

export const dynamic = "force-dynamic";

/** One page of a dimension's values, most visitors first (described in lib/read-api/openapi.ts). */
export const GET = statsRoute(async (request, { site }, db) => {
  const params = parseBreakdownParams(request.nextUrl.searchParams);
  const period = resolveStatsPeriod(params, site.timeZone, new Date());
  const { limit, page } = params;
  // One row past the page tells whether there is a next one.
  const rows = await getBreakdown(db, site, { range: period.range, filters: params.filters }, params.dimension, {
    limit: limit + 1,
    offset: (page - 1) * limit,
  });
  return breakdownBody(params.dimension, params.metrics, rows, { page, limit }, period, site.timeZone);
});
