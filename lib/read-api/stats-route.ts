import "server-only";
import type { NextRequest } from "next/server";
import { siteRoute, type SiteAccess } from "@/lib/access";
import { getDb, withTenantScope, type Database } from "@/lib/db";
import { InvalidParameter, invalidParameterResponse } from "./invalid-parameter";
import { parseSiteId } from "./parse-stats-params";

/** Stats are per caller and change by the minute: no cache may keep them. */
const NO_STORE = { "cache-control": "private, no-store" };

/**
 * What a stats endpoint computes once the caller may read the site; it
 * throws InvalidParameter for bad input. `db` sees that site's rows only
 * (row-level security, lib/db/tenant-scope.ts).
 */
export type StatsAnswer = (request: NextRequest, access: SiteAccess, db: Database) => Promise<object>;

/**
 * A stats endpoint's GET handler. The site comes from `?site_id=`, so that
 * parameter is checked first: without a well-formed one there is no site to
 * authorize against, and lib/access would answer "no such site" where the
 * mistake is a missing or mistyped parameter. Then lib/access resolves and
 * checks the caller (401/403/404), then `answer` runs; its InvalidParameter
 * becomes a 400, its answer JSON. Other errors propagate: Next.js logs them
 * and answers 500 without details.
 */
export function statsRoute(answer: StatsAnswer) {
  const authorized = siteRoute<object>(
    "site:read",
    async (request, access) => {
      try {
        const body = await withTenantScope(await getDb(), [access.site.id], (db) => answer(request, access, db));
        return Response.json(body, { headers: NO_STORE });
      } catch (error) {
        if (error instanceof InvalidParameter) return invalidParameterResponse(error, NO_STORE);
        throw error;
      }
    },
    { siteIdOf: (request) => request.nextUrl.searchParams.get("site_id") ?? "" },
  );
  return async (request: NextRequest, context: { params: Promise<object> }): Promise<Response> => {
    try {
      parseSiteId(request.nextUrl.searchParams);
    } catch (error) {
      if (error instanceof InvalidParameter) return invalidParameterResponse(error, NO_STORE);
      throw error;
    }
    return authorized(request, context);
  };
}
