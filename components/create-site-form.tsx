"use client";

import { useActionState } from "react";
import { createSiteAction, type CreateSiteState } from "@/lib/tenancy/actions";
import { describedBy, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/**
 * The "Create site" form. `timeZones` comes from the server, so the list
 * offered is exactly the list the server accepts.
 */
export function CreateSiteForm({ timeZones }: { timeZones: readonly string[] }) {
  const [state, action] = useActionState<CreateSiteState, FormData>(createSiteAction, {});
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
      <Field id="site-domains" label="Domains" hint={domainsHint} errors={errors.domains}>
        <input
          {...describedBy("site-domains", errors.domains, true)}
          name="domains"
          required
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          placeholder="example.com, www.example.com"
          defaultValue={state.values?.domains}
        />
      </Field>
      <Field id="site-time-zone" label="Time zone" hint="Days in the dashboard start at midnight here." errors={errors.timeZone}>
        {/* React resets the form after its action, which puts a <select> back on the option
            that was its default when it mounted (a controlled one too). Remounting on the
            submitted value makes that default the user's choice. */}
        <select key={timeZone} {...describedBy("site-time-zone", errors.timeZone, true)} name="timeZone" defaultValue={timeZone}>
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </Field>
      <SubmitButton pendingLabel="Creating site…">Create site</SubmitButton>
    </form>
  );
}
