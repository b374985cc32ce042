"use client";

import { useActionState } from "react";
import { changeMemberRoleAction, leaveOrganisationAction, removeMemberAction, type ButtonActionState } from "@/lib/organisations/actions";
import type { Role } from "@/lib/db/schema";

/** A member's role picker and "Remove", for those who may manage them; refusals are said in place. */
export function MemberControls({ organisationId, userId, role, roles, name }: { organisationId: string; userId: string; role: Role; roles: readonly Role[]; name: string }) {
  const [roleState, changeRole, changing] = useActionState<ButtonActionState, FormData>(changeMemberRoleAction.bind(null, organisationId, userId), {});
  const [removeState, remove, removing] = useActionState<ButtonActionState>(removeMemberAction.bind(null, organisationId, userId), {});
  const error = roleState.error ?? removeState.error;
  return (
    <div className="member-controls">
      <form action={changeRole} className="inline-form">
        <label className="visually-hidden" htmlFor={`role-${userId}`}>
          Role of {name}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={role} key={role}>
          {roles.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" disabled={changing}>
          Change role
        </button>
      </form>
      <form action={remove}>
        <button type="submit" className="button button-small button-ghost" disabled={removing} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "Leave organisation" for oneself; the last owner is told why not. */
export function LeaveButton({ organisationId }: { organisationId: string }) {
  const [state, leave, leaving] = useActionState<ButtonActionState>(leaveOrganisationAction.bind(null, organisationId), {});
  return (
    <form action={leave}>
      <button type="submit" className="button button-small button-ghost" disabled={leaving}>
        Leave organisation
      </button>
      {state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
