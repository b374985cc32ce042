// Authorization in one place. Route handlers wrap themselves in siteRoute;
// pages and server actions use requireSiteAccess / siteAction and friends.
// Everything that reads or changes tenant data goes through authorizeSite or
// authorizeOrganisation, whose rules are the table in permissions.ts.
export { AccessDenied, actingMember, authorizeOrganisation, authorizeSite, type Caller, type MemberCaller, type OrganisationAccess, type SiteAccess } from "./authorize";
export { apiKeyCaller, findShareLink, requestCaller, SHARE_TOKEN_HEADER, shareLinkCaller, shareUnlockCookie, sessionCaller } from "./callers";
export { roleMayOrganisation, roleMaySite, type OrganisationPermission, type SitePermission } from "./permissions";
export { accessDeniedResponse, siteRoute } from "./route";
export { readFor } from "./read-for";
export { hashToken, newToken } from "./secret-tokens";
export { memberAction, organisationAction, requireMember, requireOrganisationAccess, requireShareAccess, requireSiteAccess, siteAction } from "./server";
