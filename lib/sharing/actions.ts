"use server";

import "server-only";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { siteAction } from "@/lib/access";
import { getDb } from "@/lib/db";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { createShareLink, revokeShareLink, sharePath, unlockShareLink, type ShareLinkField } from "./share-links";

/** `path` is the new link's path, shown once. */
export type ShareLinkFormState = FormState<ShareLinkField> & { path?: string };
export type UnlockState = { error?: string };

export const createShareLinkAction = siteAction(
  "site:edit",
  async (access, _previous: ShareLinkFormState, formData: FormData): Promise<ShareLinkFormState> => {
    const values = formValues(formData, ["label", "password"]);
    const result = await createShareLink(await getDb(), access, values);
    // The password is never echoed back into the form.
    if (!result.ok) return { values: { label: values.label }, fieldErrors: result.fieldErrors };
    revalidatePath(`/sites/${access.site.id}/sharing`);
    return { path: sharePath(result.token) };
  },
);

export const revokeShareLinkAction = siteAction("site:edit", async (access, linkId: string): Promise<void> => {
  await revokeShareLink(await getDb(), access, linkId);
  revalidatePath(`/sites/${access.site.id}/sharing`);
});

/**
 * The password form of a protected share link. Public by nature: it is the
 * check itself. A right password sets the link's unlock cookie.
 */
export async function unlockShareLinkAction(token: string, _previous: UnlockState, formData: FormData): Promise<UnlockState> {
  const password = formValues(formData, ["password"]).password;
  const cookie = await unlockShareLink(await getDb(), token, password);
  if (!cookie) return { error: "That password is not right." };
  (await cookies()).set(cookie.name, cookie.value, { httpOnly: true, sameSite: "lax", path: "/", maxAge: cookie.maxAge });
  revalidatePath(sharePath(token));
  return {};
}
