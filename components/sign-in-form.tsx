"use client";

import { useActionState } from "react";
import { sendSignInLinkAction, signInAction, signInWithProviderAction, type SignInLinkState, type SignInState } from "@/lib/auth/actions";
import { SIGN_IN_LINK_MINUTES, type SignInMethods } from "@/lib/auth/sign-in-methods";
import { describedBy, EmailField, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/**
 * The sign-in form; the server checks every field and answers next to it.
 * Below it, the ways this server also offers: GitHub, Google, an emailed link.
 */
export function SignInForm({ notice, next, methods }: { notice?: string; next?: string; methods: SignInMethods }) {
  const [state, action] = useActionState<SignInState, FormData>(signInAction, {});
  const errors = state.fieldErrors ?? {};
  const alternatives = methods.github || methods.google || methods.email;
  return (
    <>
      {/* noValidate: the server's messages, not the browser's, so they read the same everywhere. */}
      <form action={action} className="form" noValidate>
        <FormError message={state.formError ?? notice} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <EmailField errors={errors.email} defaultValue={state.values?.email} />
        <Field id="password" label="Password" errors={errors.password}>
          <input {...describedBy("password", errors.password)} name="password" type="password" autoComplete="current-password" required />
        </Field>
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </form>
      {alternatives ? (
        <div className="form" aria-label="Other ways to sign in" role="group">
          <p className="muted">Or</p>
          {methods.github ? <ProviderButton provider="github" label="Continue with GitHub" next={next} /> : null}
          {methods.google ? <ProviderButton provider="google" label="Continue with Google" next={next} /> : null}
          {methods.email ? <SignInLinkForm next={next} /> : null}
        </div>
      ) : null}
    </>
  );
}

function ProviderButton({ provider, label, next }: { provider: "github" | "google"; label: string; next?: string }) {
  return (
    <form action={signInWithProviderAction.bind(null, provider)}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <button type="submit" className="button">
        {label}
      </button>
    </form>
  );
}

/** "Email me a sign-in link": the first link to a new address creates its account. */
function SignInLinkForm({ next }: { next?: string }) {
  const [state, action] = useActionState<SignInLinkState, FormData>(sendSignInLinkAction, {});
  const errors = state.fieldErrors?.email;
  if (state.sentTo) {
    return (
      <p role="status">
        Check your inbox: a sign-in link is on its way to <strong>{state.sentTo}</strong>. It works once, for {SIGN_IN_LINK_MINUTES} minutes.
      </p>
    );
  }
  return (
    <form action={action} className="form" noValidate>
      <FormError message={state.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field id="link-email" label="Email me a sign-in link" errors={errors}>
        <input {...describedBy("link-email", errors)} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
      </Field>
      <SubmitButton pendingLabel="Sending link…">Send link</SubmitButton>
    </form>
  );
}
