import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db";
import { memberships, sites, type ApiKeyScope, type Role } from "@/lib/db/schema";
import type { Site } from "@/lib/tenancy/site";
import { roleMayOrganisation, roleMaySite, type OrganisationPermission, type SitePermission } from "./permissions";

/** Who is asking: a signed-in member, an organisation's API key, or a site's share link. */
export type Caller =
  | { kind: "user"; userId: string; email: string }
  | { kind: "api-key"; keyId: string; organisationId: string; scope: ApiKeyScope }
  | { kind: "share-link"; linkId: string; siteId: string };

/** A signed-in member: the only caller who may change anything. */
export type MemberCaller = Extract<Caller, { kind: "user" }>;

/** A site the caller may use as asked, with their role (null for keys and links). */
export interface SiteAccess {
  caller: Caller;
  site: Site;
  role: Role | null;
}

export interface OrganisationAccess {
  caller: MemberCaller;
  organisationId: string;
  role: Role;
}

/**
 * A refusal. 401: no (valid) credentials. 404: the thing is not there for
 * this caller, whether it exists or not. 403: the caller sees the thing but
 * may not do this to it.
 */
export class AccessDenied extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AccessDenied";
  }
}

/**
 * The member behind an access that changes something. Only members are ever
 * granted more than `site:read` (keys and links only read), so behind such
 * a check this cannot throw; it narrows the type for the audit log.
 */
export function actingMember(access: SiteAccess): MemberCaller {
  if (access.caller.kind !== "user") throw new AccessDenied(403, "forbidden", "Only signed-in members change a site.");
  return access.caller;
}

export const notSignedIn = () => new AccessDenied(401, "unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
const siteNotFound = () => new AccessDenied(404, "not_found", "There is no such site, or you may not see it.");
const organisationNotFound = () => new AccessDenied(404, "not_found", "There is no such organisation, or you are not a member.");

const uuid = z.uuid();

/** The site, if `caller` may do `permission` to it; throws AccessDenied otherwise. */
export async function authorizeSite(db: Database, caller: Caller | null, siteId: string, permission: SitePermission): Promise<SiteAccess> {
  if (!caller) throw notSignedIn();
  // A malformed id would make Postgres raise "invalid input syntax for type uuid", a 500.
  if (!uuid.safeParse(siteId).success) throw siteNotFound();
  if (caller.kind === "user") {
    const [row] = await db
      .select({ ...getTableColumns(sites), role: memberships.role })
      .from(sites)
      .innerJoin(memberships, eq(memberships.organisationId, sites.organisationId))
      .where(and(eq(sites.id, siteId), eq(memberships.userId, caller.userId)))
      .limit(1);
    if (!row) throw siteNotFound();
    const { role, ...site } = row;
    if (!roleMaySite(role, permission)) {
      throw new AccessDenied(403, "forbidden", `Your role (${role}) does not allow this on this site.`);
    }
    return { caller, site, role };
  }
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  const visible = site && (caller.kind === "api-key" ? site.organisationId === caller.organisationId : site.id === caller.siteId);
  if (!visible) throw siteNotFound();
  if (permission !== "site:read") {
    throw new AccessDenied(403, "forbidden", "API keys and share links can only read.");
  }
  if (caller.kind === "api-key" && caller.scope !== "read") {
    throw new AccessDenied(403, "forbidden", `This API key's scope is '${caller.scope}'; reading needs a key with the 'read' scope.`);
  }
  return { caller, site, role: null };
}

/** The caller's membership, if a signed-in member may do `permission` in the organisation. */
export async function authorizeOrganisation(
  db: Database,
  caller: Caller | null,
  organisationId: string,
  permission: OrganisationPermission,
): Promise<OrganisationAccess> {
  if (!caller) throw notSignedIn();
  if (caller.kind !== "user") throw new AccessDenied(403, "forbidden", "Organisations are managed by signed-in members only.");
  if (!uuid.safeParse(organisationId).success) throw organisationNotFound();
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, caller.userId)))
    .limit(1);
  if (!membership) throw organisationNotFound();
  if (!roleMayOrganisation(membership.role, permission)) {
    throw new AccessDenied(403, "forbidden", `Your role (${membership.role}) does not allow this in this organisation.`);
  }
  return { caller, organisationId, role: membership.role };
}
