"use client";

import { useActionState } from "react";
import { HOT_RETENTION_DAYS } from "@/lib/tenancy/site-input";
import { updateSiteSettingsAction, type SiteSettingsState } from "@/lib/tenancy/site-settings-actions";
import { describedBy, Field, FormError } from "./form-field";
import { DomainsField, TimeZoneField } from "./site-fields";
import { SubmitButton } from "./submit-button";

export interface SiteSettingsValues {
  name: string;
  domains: string;
  timeZone: string;
  hotRetentionDays: string;
}

/** The site's editable settings. `timeZones` comes from the server, like the create form's. */
export function SiteSettingsForm({ siteId, current, timeZones }: { siteId: string; current: SiteSettingsValues; timeZones: readonly string[] }) {
  const [state, action] = useActionState<SiteSettingsState, FormData>(updateSiteSettingsAction.bind(null, siteId), {});
  const errors = state.fieldErrors ?? {};
  const values = { ...current, ...state.values };
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="settings-name" label="Site name" errors={errors.name}>
        <input {...describedBy("settings-name", errors.name)} name="name" required maxLength={100} defaultValue={values.name} />
      </Field>
      <DomainsField
        id="settings-domains"
        hint="Pages on these hosts may send events, separated by commas or spaces. *.example.com allows every subdomain."
        errors={errors.domains}
        defaultValue={values.domains}
      />
      <TimeZoneField
        id="settings-time-zone"
        hint="Days and hours in the dashboard follow it. Changing it recomputes all of this site's history, which can take a while for a large site."
        errors={errors.timeZone}
        value={values.timeZone}
        timeZones={timeZones}
      />
      <Field
        id="settings-retention"
        label="Hot retention (days)"
        hint={`Days of raw events kept in the database, ${HOT_RETENTION_DAYS.min} to ${HOT_RETENTION_DAYS.max}. Older days will be served from long-term storage.`}
        errors={errors.hotRetentionDays}
      >
        <input
          {...describedBy("settings-retention", errors.hotRetentionDays, true)}
          name="hotRetentionDays"
          type="number"
          inputMode="numeric"
          min={HOT_RETENTION_DAYS.min}
          max={HOT_RETENTION_DAYS.max}
          step={1}
          required
          defaultValue={values.hotRetentionDays}
        />
      </Field>
      <div className="settings-submit">
        <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
        <p className="muted" role="status">
          {state.saved ? (state.rebucketed ? `Saved. This site's history now follows ${values.timeZone}.` : "Saved.") : null}
        </p>
      </div>
    </form>
  );
}
