import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { ChangePasswordInput } from "./input-schemas";
import { hashPassword, verifyPassword } from "./password";

export type ChangePasswordResult = { ok: true; changedAt: Date } | { ok: false; reason: "wrong_password" | "no_password" };

/**
 * Replace the user's password after checking the current one, and in the
 * same statement end every session signed in until then (see
 * session-user.ts). The caller keeps its own session by signing in again.
 */
export async function changePassword(db: Database, userId: string, input: ChangePasswordInput): Promise<ChangePasswordResult> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.passwordHash) return { ok: false, reason: "no_password" };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, reason: "wrong_password" };
  const passwordHash = await hashPassword(input.newPassword);
  // Taken after the slow hashing, so a sign-in with the old password meanwhile is cut off too.
  const changedAt = new Date();
  // Only if the hash is still the one just checked: of two changes racing with the same old password, one wins.
  const changed = await db
    .update(users)
    .set({ passwordHash, sessionsValidAfter: changedAt })
    .where(and(eq(users.id, userId), eq(users.passwordHash, user.passwordHash)))
    .returning({ id: users.id });
  return changed.length ? { ok: true, changedAt } : { ok: false, reason: "wrong_password" };
}
