"use client";

import { useActionState } from "react";
import { describedBy, Field, FormError } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { inviteMemberAction, type InvitationFormState } from "@/lib/organisations/actions";
import type { Role } from "@/lib/db/schema";
import { SecretReveal } from "./secret-reveal";

/** "Invite": an email and a role; the answer is a link to pass on (there is no mail server by default). */
export function InviteForm({ organisationId, roles }: { organisationId: string; roles: readonly Role[] }) {
  const [state, action] = useActionState<InvitationFormState, FormData>(inviteMemberAction.bind(null, organisationId), {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="invite-email" label="Email" errors={errors.email}>
        <input {...describedBy("invite-email", errors.email)} name="email" type="email" required placeholder="colleague@example.com" defaultValue={state.values?.email} />
      </Field>
      <Field id="invite-role" label="Role" errors={errors.role} hint="Viewers see dashboards; admins also change sites, goals, members and keys; owners also delete.">
        <select {...describedBy("invite-role", errors.role, true)} name="role" defaultValue={state.values?.role ?? "viewer"}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </Field>
      <SubmitButton pendingLabel="Creating link…">Create invitation link</SubmitButton>
      {state.secret ? <SecretReveal label="Invitation link (valid 7 days, works once)." secret={state.secret} /> : null}
    </form>
  );
}
