"use client";

import { useActionState } from "react";
import { describedBy, Field, FormError } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { createApiKeyAction, type ApiKeyFormState } from "@/lib/organisations/actions";
import { SecretReveal } from "./secret-reveal";

/** "New API key": a name and a scope; the key is shown once. */
export function ApiKeyForm({ organisationId }: { organisationId: string }) {
  const [state, action] = useActionState<ApiKeyFormState, FormData>(createApiKeyAction.bind(null, organisationId), {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="key-name" label="Name" errors={errors.name} hint="What uses the key, to recognise it later.">
        <input {...describedBy("key-name", errors.name, true)} name="name" required maxLength={100} placeholder="Weekly report" defaultValue={state.values?.name} />
      </Field>
      <Field id="key-scope" label="Scope" errors={errors.scope} hint="read: the stats API for every site of the organisation. ingest: sending events from servers.">
        <select {...describedBy("key-scope", errors.scope, true)} name="scope" defaultValue={state.values?.scope ?? "read"}>
          <option value="read">read</option>
          <option value="ingest">ingest</option>
        </select>
      </Field>
      <SubmitButton pendingLabel="Creating key…">Create API key</SubmitButton>
      {state.secret ? <SecretReveal label="New API key." secret={state.secret} /> : null}
    </form>
  );
}
