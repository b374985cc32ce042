import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/**
 * The signed-in user, or null. Read from the JWT only (no database query);
 * cached per request so the layout and the page share one decode.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? "" };
});

/** The signed-in user; redirects to /sign-in when there is none. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
