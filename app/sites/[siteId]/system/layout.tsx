import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/require-user";
import { SYSTEM_STATUS_ROLES } from "@/lib/query";
import { getSiteForUserOrThrow } from "@/lib/tenancy";

/** A member whose role may not see the system view gets a real 404, before the skeleton streams (see ../layout.tsx). */
export default async function SystemLayout({ children, params }: { children: ReactNode; params: Promise<{ siteId: string }> }) {
  const user = await requireUser();
  await getSiteForUserOrThrow(user.id, (await params).siteId, undefined, { roles: SYSTEM_STATUS_ROLES });
  return children;
}
