import type { Role } from "@/lib/db/schema";

/** Who may define and delete a site's goals and funnels; every member sees their numbers. */
export const GOAL_EDITOR_ROLES = ["owner", "admin"] as const satisfies readonly Role[];

/** Whether a member with `role` may change goals (for links; the page and actions ask getSiteForUserOrThrow). */
export function canEditGoals(role: Role): boolean {
  return (GOAL_EDITOR_ROLES as readonly Role[]).includes(role);
}
