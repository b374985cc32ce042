"use client";

import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/lib/auth/actions";
import { describedBy, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/** "Change password" on /account; a success clears the form and says that other sessions ended. */
export function AccountPasswordForm({ email, changed }: { email: string; changed: boolean }) {
  const [state, action] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      {changed && !state.fieldErrors && !state.formError ? <p role="status">Password changed. Every other session of your account was signed out; this one stays signed in.</p> : null}
      {/* Tells password managers which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="current-password" label="Current password" errors={errors.currentPassword}>
        <input {...describedBy("current-password", errors.currentPassword)} name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field id="new-password" label="New password" hint="At least 8 characters." errors={errors.newPassword}>
        <input {...describedBy("new-password", errors.newPassword, true)} name="newPassword" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <Field id="confirm-password" label="Confirm new password" errors={errors.confirmPassword}>
        <input {...describedBy("confirm-password", errors.confirmPassword)} name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Changing password…">Change password</SubmitButton>
    </form>
  );
}
