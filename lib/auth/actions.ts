"use server";

import "server-only";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { memberAction } from "@/lib/access";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms/form-state";
import { signIn, signOut } from "./auth";
import { changePassword } from "./change-password";
import { changePasswordSchema, emailSchema, signInSchema, signUpSchema } from "./input-schemas";
import { safeNextPath } from "./next-path";
import { registerUser } from "./register-user";
import { revokeSessions } from "./session-user";
import { signInMethods } from "./sign-in-methods";

export type SignInState = FormState<"email" | "password">;
export type SignUpState = FormState<"name" | "email" | "password">;
/** `sentTo`: the address a sign-in link went to. */
export type SignInLinkState = FormState<"email"> & { sentTo?: string };
/** `changed`: the password was changed (the form then clears and says so). */
export type ChangePasswordState = FormState<"currentPassword" | "newPassword" | "confirmPassword">;

/** Where a changed password lands: /account, saying so. */
const PASSWORD_CHANGED_PATH = "/account?password=changed";

const AFTER_SIGN_IN = "/sites";
const afterSignIn = (formData: FormData) => safeNextPath(formData.get("next")) ?? AFTER_SIGN_IN;

/** Form action of /sign-in. */
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const raw = formValues(formData, ["email", "password"]);
  const values = { email: raw.email };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    // Redirects (by throwing) on success; that throw must pass through untouched.
    await signIn("credentials", { ...parsed.data, redirectTo: afterSignIn(formData) });
  } catch (error) {
    if (error instanceof AuthError) {
      // One message for a wrong email or a wrong password: which one it was is nobody's business.
      return { values, formError: "That email and password do not match an account." };
    }
    throw error;
  }
  return { values };
}

/** "Continue with GitHub/Google" on /sign-in: off to the provider, back to `next`. Refused for a provider that is not configured. */
export async function signInWithProviderAction(provider: string, formData: FormData): Promise<void> {
  const methods = signInMethods(env());
  if (!((provider === "github" && methods.github) || (provider === "google" && methods.google))) redirect("/sign-in?error=Configuration");
  await signIn(provider, { redirectTo: afterSignIn(formData) });
}

/** "Email me a sign-in link" on /sign-in. Says the same whether or not the address has an account (a first link creates it). */
export async function sendSignInLinkAction(_previous: SignInLinkState, formData: FormData): Promise<SignInLinkState> {
  const values = formValues(formData, ["email"]);
  if (!signInMethods(env()).email) return { values, formError: "Sign-in links are not set up on this server." };
  const parsed = emailSchema.safeParse(values.email);
  if (!parsed.success) return { values, fieldErrors: { email: parsed.error.issues.map((issue) => issue.message) } };
  try {
    await signIn("nodemailer", { email: parsed.data, redirectTo: afterSignIn(formData), redirect: false });
  } catch (error) {
    // The mail server refused or could not be reached (Auth.js logged why).
    if (error instanceof AuthError) return { values, formError: "The sign-in link could not be sent. Please try again in a moment." };
    throw error;
  }
  return { values: {}, sentTo: parsed.data };
}

/** Form action of /sign-up: creates the user, their organisation and owner membership, then signs in. */
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const raw = formValues(formData, ["name", "email", "password"]);
  const values = { name: raw.name, email: raw.email };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await registerUser(parsed.data);
  if (!result.ok) {
    return { values, fieldErrors: { email: ["An account with this email already exists. Sign in instead?"] } };
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: afterSignIn(formData) });
  } catch (error) {
    // The account exists now; if signing in failed anyway, let the user try by hand.
    if (error instanceof AuthError) redirect("/sign-in");
    throw error;
  }
  return { values };
}

/** Form action of the header's "Sign out" button. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/**
 * /account's password form. Every other session of the user ends; this one
 * signs in again with the new password, so its fresh token postdates the cut-off.
 */
export const changePasswordAction = memberAction(async (caller, _previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> => {
  const parsed = changePasswordSchema.safeParse(formValues(formData, ["currentPassword", "newPassword", "confirmPassword"]));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await changePassword(await getDb(), caller.userId, parsed.data);
  if (!result.ok) {
    return result.reason === "wrong_password"
      ? { fieldErrors: { currentPassword: ["That is not your current password."] } }
      : { formError: "Your account has no password: you sign in with a link or a provider." };
  }
  try {
    await signIn("credentials", { email: caller.email, password: parsed.data.newPassword, redirect: false });
  } catch (error) {
    // The password did change; this session ended with the others.
    if (error instanceof AuthError) redirect("/sign-in");
    throw error;
  }
  // A redirect, not a re-render of this request: that would still carry the old session cookie, now revoked.
  redirect(PASSWORD_CHANGED_PATH);
});

/** /account's "Sign out everywhere": every session of the user ends, this one included. */
export const signOutEverywhereAction = memberAction(async (caller): Promise<void> => {
  await revokeSessions(await getDb(), caller.userId);
  await signOut({ redirectTo: "/sign-in" });
});
