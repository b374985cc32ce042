import { readFor, siteRoute } from "@/lib/access";
import { breakdownCsvResponse } from "@/lib/query";

export const dynamic = "force-dynamic";

/**
 * Every value of one dimension as CSV, for the period and filters in the
 * query string. Same access as the dashboard.
 */
export const GET = siteRoute<{ siteId: string; dimension: string }>("site:read", async (request, access, params) =>
  readFor(access, (db) => breakdownCsvResponse(db, access.site, params.dimension, request.nextUrl.searchParams)),
);
