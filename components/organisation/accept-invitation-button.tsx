"use client";

import { useActionState } from "react";
import { acceptInvitationAction, type ButtonActionState } from "@/lib/organisations/actions";

/** "Accept invitation": joins, then opens the organisation's sites; a link that stopped working is said in place. */
export function AcceptInvitationButton({ token }: { token: string }) {
  const [state, accept, accepting] = useActionState<ButtonActionState>(acceptInvitationAction.bind(null, token), {});
  return (
    <form action={accept} className="form">
      {state.error ? (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={accepting}>
        {accepting ? "Joining…" : "Accept invitation"}
      </button>
    </form>
  );
}
