import { readFor, shareLinkCaller, siteRoute } from "@/lib/access";
import { breakdownCsvResponse } from "@/lib/query";

export const dynamic = "force-dynamic";

/**
 * A shared dashboard's CSV download: the link's token in the path is the
 * credential (with its unlock cookie when it has a password).
 */
export const GET = siteRoute<{ token: string; dimension: string }>(
  "site:read",
  async (request, access, params) => readFor(access, (db) => breakdownCsvResponse(db, access.site, params.dimension, request.nextUrl.searchParams)),
  {
    callerOf: (db, request, params) => shareLinkCaller(db, params.token, request.cookies),
    siteIdOf: (_request, _params, caller) => (caller?.kind === "share-link" ? caller.siteId : ""),
  },
);
