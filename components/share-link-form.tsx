"use client";

import { useActionState } from "react";
import { SecretReveal } from "@/components/organisation/secret-reveal";
import { createShareLinkAction, type ShareLinkFormState } from "@/lib/sharing/actions";
import { describedBy, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/** "New share link": a label and an optional password; the link is shown once. */
export function ShareLinkForm({ siteId, origin }: { siteId: string; origin: string }) {
  const [state, action] = useActionState<ShareLinkFormState, FormData>(createShareLinkAction.bind(null, siteId), {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="share-label" label="Label" errors={errors.label} hint="Who the link is for, to recognise it later.">
        <input {...describedBy("share-label", errors.label, true)} name="label" required maxLength={100} placeholder="Board report" defaultValue={state.values?.label} />
      </Field>
      <Field id="share-password" label="Password (optional)" errors={errors.password} hint="Visitors must enter it before they see the dashboard.">
        <input {...describedBy("share-password", errors.password, true)} name="password" type="password" autoComplete="new-password" />
      </Field>
      <SubmitButton pendingLabel="Creating link…">Create share link</SubmitButton>
      {state.path ? <SecretReveal label="Share link: anyone with it can read this dashboard." secret={`${origin}${state.path}`} /> : null}
    </form>
  );
}
