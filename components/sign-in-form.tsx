"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/lib/auth/actions";
import { describedBy, EmailField, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/** The sign-in form; the server checks every field and answers next to it. */
export function SignInForm({ notice, next }: { notice?: string; next?: string }) {
  const [state, action] = useActionState<SignInState, FormData>(signInAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    // noValidate: the server's messages, not the browser's, so they read the same everywhere.
    <form action={action} className="form" noValidate>
      <FormError message={state.formError ?? notice} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <EmailField errors={errors.email} defaultValue={state.values?.email} />
      <Field id="password" label="Password" errors={errors.password}>
        <input {...describedBy("password", errors.password)} name="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
