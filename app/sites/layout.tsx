import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";

/**
 * Signed-out visitors get a real redirect here: this layout renders before
 * the loading skeletons start streaming, while a redirect from inside a page
 * would arrive after a 200. Pages still call requireUser() themselves, as
 * layouts are not re-run on every client-side navigation.
 */
export default async function SitesLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}
