import type { ReactNode } from "react";
import { requireSiteAccess } from "@/lib/access";

/** A member whose role may not see the system view gets a real 404, before the skeleton streams (see ../layout.tsx). */
export default async function SystemLayout({ children, params }: { children: ReactNode; params: Promise<{ siteId: string }> }) {
  await requireSiteAccess((await params).siteId, "site:system");
  return children;
}
