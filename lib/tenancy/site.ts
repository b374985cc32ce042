import type { sites } from "@/lib/db/schema";

/** A site row as the dashboard sees it. */
export type Site = typeof sites.$inferSelect;
