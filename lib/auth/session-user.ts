import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { users } from "@/lib/db/schema";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user a session belongs to, or null when the session no longer counts:
 * the user was deleted, or signed in (`signedInAt`, ms since the epoch, from
 * the session token) before their sessions were revoked. One primary-key
 * lookup; the name and email come from the database, so a rename shows at once.
 *
 * The token's own `iat` cannot serve here: Auth.js re-stamps it every time it
 * re-issues the cookie, so a stolen, revoked token would look fresh again.
 */
export async function findSessionUser(db: Database, userId: string, signedInAt: number): Promise<SessionUser | null> {
  // Postgres refuses a malformed uuid with an error; a malformed id is simply nobody.
  if (!UUID.test(userId)) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, sessionsValidAfter: users.sessionsValidAfter })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  if (row.sessionsValidAfter && signedInAt < row.sessionsValidAfter.getTime()) return null;
  return { id: row.id, email: row.email, name: row.name };
}

/**
 * End every session of the user that signed in before `at`. The instant is
 * the app's clock (not the database's `now()`), the same clock that stamps
 * sessions at sign-in, so a session signed in right after is never refused
 * for a skew between the two.
 */
export async function revokeSessions(db: Database, userId: string, at: Date = new Date()): Promise<void> {
  await db.update(users).set({ sessionsValidAfter: at }).where(eq(users.id, userId));
}
