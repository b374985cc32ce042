"use client";

import { useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import { deleteSiteAction, type DeleteSiteState } from "@/lib/tenancy/site-settings-actions";
import { describedBy, Field, FormError } from "./form-field";

/** "Delete site": armed once the site's name is typed; the server checks the name again. */
export function DeleteSiteForm({ siteId, siteName }: { siteId: string; siteName: string }) {
  const [state, action] = useActionState<DeleteSiteState, FormData>(deleteSiteAction.bind(null, siteId), {});
  const [typed, setTyped] = useState(state.values?.confirmName ?? "");
  const errors = state.fieldErrors?.confirmName;
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="delete-confirm" label={`Type ${siteName} to confirm`} errors={errors}>
        <input
          {...describedBy("delete-confirm", errors)}
          name="confirmName"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </Field>
      <DeleteButton armed={typed.trim() === siteName} />
    </form>
  );
}

function DeleteButton({ armed }: { armed: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button button-danger" disabled={!armed || pending} aria-disabled={!armed || pending}>
      {pending ? "Deleting…" : "Delete this site and all its data"}
    </button>
  );
}
