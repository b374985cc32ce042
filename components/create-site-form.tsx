"use client";

import { useActionState } from "react";
import { createSiteAction, type CreateSiteState } from "@/lib/tenancy/actions";
import { describedBy, Field, FormError } from "./form-field";
import { DomainsField, TimeZoneField } from "./site-fields";
import { SubmitButton } from "./submit-button";

/**
 * The "Create site" form. `timeZones` comes from the server, so the list
 * offered is exactly the list the server accepts.
 */
export function CreateSiteForm({ organisationId, timeZones }: { organisationId: string; timeZones: readonly string[] }) {
  const [state, action] = useActionState<CreateSiteState, FormData>(createSiteAction.bind(null, organisationId), {});
  const errors = state.fieldErrors ?? {};
  const timeZone = state.values?.timeZone ?? "UTC";
  const domainsHint = "Where the snippet will run, separated by commas or spaces. *.example.com allows every subdomain.";
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="site-name" label="Site name" errors={errors.name}>
        <input
          {...describedBy("site-name", errors.name)}
          name="name"
          required
          maxLength={100}
          placeholder="My blog"
          defaultValue={state.values?.name}
        />
      </Field>
      <DomainsField id="site-domains" hint={domainsHint} errors={errors.domains} placeholder="example.com, www.example.com" defaultValue={state.values?.domains} />
      <TimeZoneField id="site-time-zone" hint="Days in the dashboard start at midnight here." errors={errors.timeZone} value={timeZone} timeZones={timeZones} />
      <SubmitButton pendingLabel="Creating site…">Create site</SubmitButton>
    </form>
  );
}
