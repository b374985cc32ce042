import type { Role } from "@/lib/db/schema";

/** Who may define and delete a site's goals and funnels; every member sees their numbers. */
export const GOAL_EDITOR_ROLES = ["owner", "admin"] as const satisfies readonly Role[];
