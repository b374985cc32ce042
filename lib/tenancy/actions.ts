"use server";

import "server-only";
import { redirect } from "next/navigation";
import { organisationAction } from "@/lib/access";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { createSite, type SiteField } from "./create-site";

export type CreateSiteState = FormState<SiteField>;

/** Form action of the "Create site" form; opens the new site's install page, the one thing to do next. */
export const createSiteAction = organisationAction(
  "organisation:create-site",
  async (access, _previous: CreateSiteState, formData: FormData): Promise<CreateSiteState> => {
  const values = formValues(formData, ["name", "domains", "timeZone"]);
  const result = await createSite(access, values);
  if (!result.ok) return { values, fieldErrors: result.fieldErrors, formError: result.formError };
  redirect(`/sites/${result.site.id}/install`);
  },
);
