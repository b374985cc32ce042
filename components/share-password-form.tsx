"use client";

import { useActionState } from "react";
import { unlockShareLinkAction, type UnlockState } from "@/lib/sharing/actions";
import { describedBy, Field } from "./form-field";
import { SubmitButton } from "./submit-button";

/** The password a protected share link asks for; the right one reloads the page as the dashboard. */
export function SharePasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<UnlockState, FormData>(unlockShareLinkAction.bind(null, token), {});
  const errors = state.error ? [state.error] : undefined;
  return (
    <div className="auth-card card">
      <h1>This dashboard is protected</h1>
      <p className="muted">Enter the password you were given with the link.</p>
      <form action={action} className="form" noValidate>
        <Field id="share-password" label="Password" errors={errors}>
          <input {...describedBy("share-password", errors)} name="password" type="password" autoComplete="current-password" required />
        </Field>
        <SubmitButton pendingLabel="Checking…">Open dashboard</SubmitButton>
      </form>
    </div>
  );
}
