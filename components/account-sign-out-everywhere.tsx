"use client";

import { useFormStatus } from "react-dom";
import { signOutEverywhereAction } from "@/lib/auth/actions";

/** "Sign out everywhere" on /account: ends every session of the account, this one included. */
export function AccountSignOutEverywhere() {
  return (
    <form action={signOutEverywhereAction} className="form">
      <SignOutEverywhereButton />
    </form>
  );
}

function SignOutEverywhereButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button button-danger" disabled={pending} aria-disabled={pending}>
      {pending ? "Signing out…" : "Sign out everywhere"}
    </button>
  );
}
