import type { ReactNode } from "react";
import { requireSiteAccess } from "@/lib/access";

/**
 * A site the user may not read (or that does not exist) is a real 404 here:
 * this layout renders before the pages' loading skeletons start streaming,
 * after which notFound() could only swap the content under a 200. The pages
 * still resolve the site themselves, with the role they need.
 */
export default async function SiteLayout({ children, params }: { children: ReactNode; params: Promise<{ siteId: string }> }) {
  await requireSiteAccess((await params).siteId, "site:read");
  return children;
}
