import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { AccessDenied, authorizeOrganisation, authorizeSite, type MemberCaller, type OrganisationAccess, type SiteAccess } from "./authorize";
import { sessionCaller, shareLinkCaller } from "./callers";
import type { OrganisationPermission, SitePermission } from "./permissions";

/*
 * Access for pages and server actions, which have no Request: the caller is
 * the session. Refusals become Next's answers: no session -> the sign-in
 * page; anything else -> the same 404 (a page never tells a stranger that a
 * site exists, nor a viewer which admin pages there are).
 */

async function orRefuse<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AccessDenied)) throw error;
    if (error.status === 401) redirect("/sign-in");
    notFound();
  }
}

/** The signed-in member; to the sign-in page otherwise. */
export async function requireMember(): Promise<MemberCaller> {
  const caller = await sessionCaller();
  if (caller?.kind !== "user") redirect("/sign-in");
  return caller;
}

/** The site, for a page or action of a signed-in member who may do `permission` to it. */
export async function requireSiteAccess(siteId: string, permission: SitePermission): Promise<SiteAccess> {
  return orRefuse(async () => authorizeSite(await getDb(), await sessionCaller(), siteId, permission));
}

export async function requireOrganisationAccess(organisationId: string, permission: OrganisationPermission): Promise<OrganisationAccess> {
  return orRefuse(async () => authorizeOrganisation(await getDb(), await sessionCaller(), organisationId, permission));
}

/**
 * A server action on one site: the site id comes first (bind it in the
 * form), the access is checked, then `action` runs with it.
 */
export function siteAction<A extends unknown[], R>(permission: SitePermission, action: (access: SiteAccess, ...args: A) => Promise<R>) {
  return async (siteId: string, ...args: A): Promise<R> => action(await requireSiteAccess(siteId, permission), ...args);
}

/** A server action in one organisation, its id first. */
export function organisationAction<A extends unknown[], R>(
  permission: OrganisationPermission,
  action: (access: OrganisationAccess, ...args: A) => Promise<R>,
) {
  return async (organisationId: string, ...args: A): Promise<R> =>
    action(await requireOrganisationAccess(organisationId, permission), ...args);
}

/** A server action any signed-in member may call (their own account, accepting an invitation). */
export function memberAction<A extends unknown[], R>(action: (caller: MemberCaller, ...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => action(await requireMember(), ...args);
}

/**
 * The site a share link opens, for its public pages: a 404 for an unknown
 * or revoked link, and `"locked"` while a password-protected link has not
 * been unlocked in this browser (the page then asks for the password).
 */
export async function requireShareAccess(token: string): Promise<SiteAccess | "locked"> {
  try {
    const db = await getDb();
    const caller = await shareLinkCaller(db, token, await cookies());
    if (caller.kind !== "share-link") notFound();
    return await authorizeSite(db, caller, caller.siteId, "site:read");
  } catch (error) {
    if (error instanceof AccessDenied && error.code === "password_required") return "locked";
    if (error instanceof AccessDenied) notFound();
    throw error;
  }
}
