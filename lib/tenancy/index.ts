// Server-side surface of organisations and sites. Client components import
// form actions from "@/lib/tenancy/actions" and the time zone list from
// "@/lib/tenancy/site-input" directly.
export { createSite, type CreateSiteResult, type SiteField } from "./create-site";
export { listSitesForUser } from "./list-sites-for-user";
export type { Site } from "./site";
export { siteInputSchema, timeZones, type SiteInput } from "./site-input";
