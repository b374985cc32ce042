"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actingMember, siteAction } from "@/lib/access";
import { getDb } from "@/lib/db";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { deleteSite, type DeleteSiteField } from "./delete-site";
import { updateSite, type SiteSettingsField } from "./update-site";

export type SiteSettingsState = FormState<SiteSettingsField> & {
  /** Changes on every successful save, so the form can say so. */
  saved?: number;
  /** Whether the last save moved the site to another time zone (its history was re-bucketed). */
  rebucketed?: boolean;
};
export type DeleteSiteState = FormState<DeleteSiteField>;

const SETTINGS_FIELDS: readonly SiteSettingsField[] = ["name", "domains", "timeZone", "hotRetentionDays"];

/** "Save settings" (bound to the site id): name, domains, time zone, hot retention. */
export const updateSiteSettingsAction = siteAction(
  "site:edit",
  async (access, previous: SiteSettingsState, formData: FormData): Promise<SiteSettingsState> => {
    const values = formValues(formData, SETTINGS_FIELDS);
    const result = await updateSite(await getDb(), access.site.id, actingMember(access), values);
    if (!result.ok) return { values, fieldErrors: result.fieldErrors, formError: result.formError };
    // Every page of the site shows its name, and the dashboard its zone.
    revalidatePath(`/sites/${access.site.id}`, "layout");
    revalidatePath("/sites");
    const { site } = result;
    return {
      saved: (previous.saved ?? 0) + 1,
      rebucketed: result.changes.timeZone !== undefined,
      values: { name: site.name, domains: site.allowedDomains.join(", "), timeZone: site.timeZone, hotRetentionDays: String(site.hotRetentionDays) },
    };
  },
);

/** "Delete site" (bound to the site id), once the user has typed the site's name; then back to the sites list. */
export const deleteSiteAction = siteAction("site:delete", async (access, _previous: DeleteSiteState, formData: FormData): Promise<DeleteSiteState> => {
  const values = formValues(formData, ["confirmName"]);
  const result = await deleteSite(await getDb(), access.site.id, actingMember(access), values);
  if (!result.ok) return { values, fieldErrors: result.fieldErrors, formError: result.formError };
  revalidatePath("/sites");
  redirect("/sites");
});
