"use client";

import { useActionState } from "react";
import { describedBy, Field, FormError } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { createOrganisationAction, renameOrganisationAction, type NameFormState } from "@/lib/organisations/actions";

/** "New organisation" (you become its owner), or, given an organisation, "Rename". */
export function OrganisationNameForm({ organisationId, name }: { organisationId?: string; name?: string }) {
  const bound = organisationId ? renameOrganisationAction.bind(null, organisationId) : createOrganisationAction;
  const [state, action] = useActionState<NameFormState, FormData>(bound, {});
  const errors = state.fieldErrors?.name;
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="organisation-name" label="Organisation name" errors={errors}>
        <input {...describedBy("organisation-name", errors)} name="name" required maxLength={100} defaultValue={state.values?.name ?? name} />
      </Field>
      <SubmitButton pendingLabel="Saving…">{organisationId ? "Rename" : "Create organisation"}</SubmitButton>
    </form>
  );
}
