"use server";

import "server-only";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms/form-state";
import { signIn, signOut } from "./auth";
import { signInSchema, signUpSchema } from "./input-schemas";
import { safeNextPath } from "./next-path";
import { registerUser } from "./register-user";

export type SignInState = FormState<"email" | "password">;
export type SignUpState = FormState<"name" | "email" | "password">;

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
