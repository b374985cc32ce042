// Server-side surface of organisations and sites. Client components import
// form actions from "@/lib/tenancy/actions" and "@/lib/tenancy/site-settings-actions",
// and the time zone list from "@/lib/tenancy/site-input" directly.
export { createSite, type CreateSiteResult, type SiteField } from "./create-site";
export { deleteSite, type DeleteSiteField, type DeleteSiteResult } from "./delete-site";
export { firstEvent, type FirstEvent } from "./first-event";
export { updateSite, type SiteChanges, type SiteSettingsField, type UpdateSiteResult } from "./update-site";
export { listSitesOfOrganisation } from "./list-sites-of-organisation";
export type { Site } from "./site";
export { siteInputSchema, timeZones, type SiteInput } from "./site-input";
