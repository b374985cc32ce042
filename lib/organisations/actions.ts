"use server";

import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { memberAction, organisationAction } from "@/lib/access";
import { getDb } from "@/lib/db";
import { roles, type Role } from "@/lib/db/schema";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { requestOrigin } from "@/lib/http/request-origin";
import { createApiKey, revokeApiKey, type ApiKeyField } from "./api-keys";
import { ORGANISATION_COOKIE } from "./current-organisation";
import { acceptInvitation, createInvitation, revokeInvitation, type InvitationField } from "./invitations";
import { changeMemberRole, leaveOrganisation, removeMember } from "./members";
import { createOrganisation, organisationNameSchema, renameOrganisation } from "./organisations";

/** A form's state with a secret to show once: an invitation link or an API key. */
export type RevealFormState<Field extends string> = FormState<Field> & { secret?: string };
export type InvitationFormState = RevealFormState<InvitationField>;
export type ApiKeyFormState = RevealFormState<ApiKeyField>;
export type NameFormState = FormState<"name">;
/** The outcome of a one-button action that can be refused ("the last owner cannot leave"). */
export type ButtonActionState = { error?: string };

const refresh = (organisationId: string) => revalidatePath(`/organisations/${organisationId}`, "layout");

async function rememberOrganisation(organisationId: string) {
  (await cookies()).set(ORGANISATION_COOKIE, organisationId, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 400 * 24 * 3600 });
}

/** The form's organisation name, or the form's state naming what is wrong with it. */
function organisationName(formData: FormData): { ok: true; name: string } | { ok: false; state: NameFormState } {
  const values = formValues(formData, ["name"]);
  const parsed = organisationNameSchema.safeParse(values.name);
  if (!parsed.success) return { ok: false, state: { values, fieldErrors: { name: parsed.error.issues.map((issue) => issue.message) } } };
  return { ok: true, name: parsed.data };
}

/** The header's organisation switcher. */
export const switchOrganisationAction = organisationAction("organisation:read", async ({ organisationId }): Promise<void> => {
  await rememberOrganisation(organisationId);
  redirect("/sites");
});

export const createOrganisationAction = memberAction(async (caller, _previous: NameFormState, formData: FormData): Promise<NameFormState> => {
  const parsed = organisationName(formData);
  if (!parsed.ok) return parsed.state;
  const organisationId = await createOrganisation(await getDb(), caller, parsed.name);
  await rememberOrganisation(organisationId);
  redirect("/sites");
});

export const renameOrganisationAction = organisationAction(
  "organisation:rename",
  async ({ caller, organisationId }, _previous: NameFormState, formData: FormData): Promise<NameFormState> => {
    const parsed = organisationName(formData);
    if (!parsed.ok) return parsed.state;
    await renameOrganisation(await getDb(), caller, organisationId, parsed.name);
    refresh(organisationId);
    return { values: { name: parsed.name } };
  },
);

export const inviteMemberAction = organisationAction(
  "organisation:members",
  async (access, _previous: InvitationFormState, formData: FormData): Promise<InvitationFormState> => {
    const values = formValues(formData, ["email", "role"]);
    const result = await createInvitation(await getDb(), access, values);
    if (!result.ok) return { values, fieldErrors: result.fieldErrors };
    refresh(access.organisationId);
    return { secret: `${requestOrigin(await headers())}/invite/${result.token}` };
  },
);

export const revokeInvitationAction = organisationAction("organisation:members", async (access, invitationId: string): Promise<void> => {
  await revokeInvitation(await getDb(), access, invitationId);
  refresh(access.organisationId);
});

export const changeMemberRoleAction = organisationAction(
  "organisation:members",
  async (access, userId: string, _previous: ButtonActionState, formData: FormData): Promise<ButtonActionState> => {
    const role = formData.get("role");
    if (typeof role !== "string" || !(roles as readonly string[]).includes(role)) return { error: `Choose a role: ${roles.join(", ")}.` };
    const result = await changeMemberRole(await getDb(), access, userId, role as Role);
    refresh(access.organisationId);
    return result.ok ? {} : { error: result.error };
  },
);

export const removeMemberAction = organisationAction("organisation:members", async (access, userId: string): Promise<ButtonActionState> => {
  const result = await removeMember(await getDb(), access, userId);
  refresh(access.organisationId);
  return result.ok ? {} : { error: result.error };
});

/** Any member may leave, except the last owner. */
export const leaveOrganisationAction = organisationAction("organisation:read", async (access): Promise<ButtonActionState> => {
  const result = await leaveOrganisation(await getDb(), access);
  if (!result.ok) return { error: result.error };
  (await cookies()).delete(ORGANISATION_COOKIE);
  redirect("/sites");
});

export const acceptInvitationAction = memberAction(async (caller, token: string): Promise<ButtonActionState> => {
  const result = await acceptInvitation(await getDb(), caller, token);
  if (!result.ok) return { error: result.error };
  await rememberOrganisation(result.organisationId);
  redirect("/sites");
});

export const createApiKeyAction = organisationAction(
  "organisation:api-keys",
  async (access, _previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> => {
    const values = formValues(formData, ["name", "scope"]);
    const result = await createApiKey(await getDb(), access, values);
    if (!result.ok) return { values, fieldErrors: result.fieldErrors };
    refresh(access.organisationId);
    return { secret: result.key };
  },
);

export const revokeApiKeyAction = organisationAction("organisation:api-keys", async (access, keyId: string): Promise<void> => {
  await revokeApiKey(await getDb(), access, keyId);
  refresh(access.organisationId);
});
