import "server-only";
import type { NextRequest } from "next/server";
import { getDb, type Database } from "@/lib/db";
import { AccessDenied, authorizeSite, type Caller, type SiteAccess } from "./authorize";
import { requestCaller } from "./callers";
import type { SitePermission } from "./permissions";

const NO_STORE = { "cache-control": "private, no-store" };

/** The JSON error every refused request gets: `{ error: { code, message } }`. */
export function accessDeniedResponse(denied: AccessDenied): Response {
  return Response.json({ error: { code: denied.code, message: denied.message } }, { status: denied.status, headers: NO_STORE });
}

interface SiteRouteOptions<P> {
  /** Who asks: the request's credentials (requestCaller) unless said otherwise (a share link's path carries its token). */
  callerOf?: (db: Database, request: NextRequest, params: P) => Promise<Caller | null>;
  /** Where the site id is: the `siteId` route segment unless said otherwise (the read API takes `?site_id=`). */
  siteIdOf?: (request: NextRequest, params: P, caller: Caller | null) => string;
}

/**
 * A route handler that needs `permission` on one site. The caller (API key,
 * share link or session, see requestCaller) is resolved and checked before
 * `handler` runs; a refusal is answered with its status and a JSON error.
 */
export function siteRoute<P extends object>(
  permission: SitePermission,
  handler: (request: NextRequest, access: SiteAccess, params: P) => Promise<Response>,
  options: SiteRouteOptions<P> = {},
) {
  const callerOf = options.callerOf ?? ((db: Database, request: NextRequest) => requestCaller(db, request));
  const siteIdOf = options.siteIdOf ?? ((_request: NextRequest, params: P) => String((params as { siteId?: unknown }).siteId ?? ""));
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const params = await context.params;
      const db = await getDb();
      const caller = await callerOf(db, request, params);
      const access = await authorizeSite(db, caller, siteIdOf(request, params, caller), permission);
      return await handler(request, access, params);
    } catch (error) {
      if (error instanceof AccessDenied) return accessDeniedResponse(error);
      throw error;
    }
  };
}
