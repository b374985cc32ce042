import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { oauthAccounts, users } from "@/lib/db/schema";

export interface AccountSummary {
  name: string;
  email: string;
  /** False for users who only ever signed in with GitHub, Google or a link. */
  hasPassword: boolean;
  /** Linked providers ("github", "google"), sorted. */
  providers: string[];
}

/** What /account shows about the user, or null for a user that no longer exists. */
export async function findAccountSummary(db: Database, userId: string): Promise<AccountSummary | null> {
  const [user] = await db.select({ name: users.name, email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return null;
  const linked = await db.select({ provider: oauthAccounts.provider }).from(oauthAccounts).where(eq(oauthAccounts.userId, userId));
  return {
    name: user.name,
    email: user.email,
    hasPassword: user.passwordHash !== null,
    providers: [...new Set(linked.map((row) => row.provider))].sort(),
  };
}
