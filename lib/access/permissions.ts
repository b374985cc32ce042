import type { Role } from "@/lib/db/schema";

/**
 * What each role may do, in one table. Site permissions apply to every site
 * of the organisation; a share link or a read API key holds `site:read` only.
 */
const SITE_PERMISSIONS = {
  /** The dashboard, its panels, CSV exports, the live counter, the read API. */
  "site:read": ["owner", "admin", "viewer"],
  /** The System view: ingest rate, projection lag, quarantined payloads. */
  "site:system": ["owner", "admin"],
  /** Settings, goals and funnels, share links. */
  "site:edit": ["owner", "admin"],
  /** Deleting the site and all its data. */
  "site:delete": ["owner"],
} as const satisfies Record<string, readonly Role[]>;

const ORGANISATION_PERMISSIONS = {
  /** Seeing the organisation, its sites and members. */
  "organisation:read": ["owner", "admin", "viewer"],
  "organisation:create-site": ["owner", "admin"],
  /** Inviting, removing and changing the role of members (only owners touch owners). */
  "organisation:members": ["owner", "admin"],
  "organisation:api-keys": ["owner", "admin"],
  "organisation:audit": ["owner"],
  "organisation:rename": ["owner"],
} as const satisfies Record<string, readonly Role[]>;

export type SitePermission = keyof typeof SITE_PERMISSIONS;
export type OrganisationPermission = keyof typeof ORGANISATION_PERMISSIONS;

export function roleMaySite(role: Role, permission: SitePermission): boolean {
  return (SITE_PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function roleMayOrganisation(role: Role, permission: OrganisationPermission): boolean {
  return (ORGANISATION_PERMISSIONS[permission] as readonly Role[]).includes(role);
}
