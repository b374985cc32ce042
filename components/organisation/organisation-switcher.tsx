"use client";

import { switchOrganisationAction } from "@/lib/organisations/actions";

/**
 * The header's organisation picker: choosing one submits at once. Without
 * JavaScript the "Switch" button does the same.
 */
export function OrganisationSwitcher({ organisations, currentId }: { organisations: { id: string; name: string }[]; currentId: string }) {
  return (
    <form
      className="inline-form switcher"
      action={async (formData: FormData) => {
        const chosen = formData.get("organisation");
        if (typeof chosen === "string") await switchOrganisationAction(chosen);
      }}
    >
      <label className="visually-hidden" htmlFor="organisation-switcher">
        Organisation
      </label>
      <select id="organisation-switcher" name="organisation" defaultValue={currentId} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {organisations.map((organisation) => (
          <option key={organisation.id} value={organisation.id}>
            {organisation.name}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="button button-small">
          Switch
        </button>
      </noscript>
    </form>
  );
}
