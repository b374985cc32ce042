import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { auth } from "./auth";
import { findSessionUser, type SessionUser } from "./session-user";

export type { SessionUser };

/**
 * The signed-in user, or null. The JWT says who; one primary-key lookup says
 * whether the session still counts (not revoked, user not deleted). Cached
 * per request so the layout and the page share one decode and one query.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return findSessionUser(await getDb(), userId, session.signedInAt ?? 0);
});

/** The signed-in user; redirects to /sign-in when there is none. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
