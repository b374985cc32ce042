"use client";

import { useActionState } from "react";
import { signUpAction, type SignUpState } from "@/lib/auth/actions";
import { describedBy, EmailField, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/** The sign-up form; the server checks every field and answers next to it. */
export function SignUpForm({ next }: { next?: string }) {
  const [state, action] = useActionState<SignUpState, FormData>(signUpAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field id="name" label="Name" errors={errors.name}>
        <input {...describedBy("name", errors.name)} name="name" autoComplete="name" required maxLength={100} defaultValue={state.values?.name} />
      </Field>
      <EmailField errors={errors.email} defaultValue={state.values?.email} />
      <Field id="password" label="Password" hint="At least 8 characters." errors={errors.password}>
        <input
          {...describedBy("password", errors.password, true)}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
        />
      </Field>
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
    </form>
  );
}
