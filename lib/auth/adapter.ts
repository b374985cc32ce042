import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Database } from "@/lib/db";
import { oauthAccounts, users, verificationTokens } from "@/lib/db/schema";
import { NAME_MAX } from "./input-schemas";
import { createUserWithOrganisation } from "./register-user";

/*
 * Auth.js's view of our tables, for GitHub/Google sign-in and email links.
 * Sessions are JWTs (Credentials requires it), so only users, linked
 * provider accounts and verification tokens are stored: no session methods.
 * Why not @auth/drizzle-adapter: its users table wants `emailVerified` and
 * `image` columns, and its createUser would insert a bare user, while ours
 * must come with an organisation and a name (NOT NULL).
 */

type Row = { id: string; email: string; name: string };

// We keep no email-verified date: every email here was verified by whoever
// signed the user in (a provider that says so, or our own link).
const toAdapterUser = (row: Row): AdapterUser => ({ id: row.id, email: row.email, name: row.name, emailVerified: null });
const userColumns = { id: users.id, email: users.email, name: users.name };

/** The name of a user created by a provider: theirs there, else the email's local part. */
export function nameForNewUser(name: string | null | undefined, email: string): string {
  const chosen = name?.trim() || email.split("@")[0] || email;
  return chosen.slice(0, NAME_MAX);
}

/** An Auth.js adapter over Inlet's tables; `database` is asked for the connection on each call. */
export function inletAdapter(database: () => Promise<Database>): Adapter {
  const byEmail = async (email: string) => {
    const db = await database();
    const [row] = await db.select(userColumns).from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
    return row ? toAdapterUser(row) : null;
  };

  return {
    /** A first sign-in with GitHub, Google or a link: a user with an organisation of their own, as at sign-up. */
    async createUser(user) {
      const email = user.email.trim().toLowerCase();
      const result = await createUserWithOrganisation(await database(), { email, name: nameForNewUser(user.name, email), passwordHash: null });
      if (result.ok) return toAdapterUser(result.user);
      // Someone created this email's account a moment ago: the email is verified, so it is this person's.
      const existing = await byEmail(email);
      if (!existing) throw new Error("user vanished while being created");
      return existing;
    },

    /**
     * Auth.js calls this only to link a new provider account to the user of
     * the browser's current session. That token's revocation is not checked
     * on this path, so linking by session is turned off: provider accounts
     * are linked by verified email alone (see getUserByEmail).
     */
    async getUser() {
      return null;
    },

    getUserByEmail: byEmail,

    async getUserByAccount({ provider, providerAccountId }) {
      const db = await database();
      const [row] = await db
        .select(userColumns)
        .from(oauthAccounts)
        .innerJoin(users, eq(users.id, oauthAccounts.userId))
        .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerAccountId, providerAccountId)))
        .limit(1);
      return row ? toAdapterUser(row) : null;
    },

    /** Auth.js marks the email verified after a link sign-in; nothing of ours changes. */
    async updateUser(user) {
      const db = await database();
      const [row] = await db.select(userColumns).from(users).where(eq(users.id, user.id)).limit(1);
      if (!row) throw new Error("no such user");
      return toAdapterUser(row);
    },

    async linkAccount(account) {
      const db = await database();
      // The provider's tokens are dropped on purpose: nothing calls their APIs later.
      await db
        .insert(oauthAccounts)
        .values({ provider: account.provider, providerAccountId: account.providerAccountId, userId: account.userId })
        .onConflictDoNothing();
    },

    async createVerificationToken(token) {
      const db = await database();
      // Expired links are useless; dropping them here keeps the table as small as the links in flight.
      await db.delete(verificationTokens).where(lt(verificationTokens.expiresAt, new Date()));
      await db.insert(verificationTokens).values({ identifier: token.identifier, tokenHash: token.token, expiresAt: token.expires });
      return token;
    },

    /**
     * The link's token, at most once: the row is deleted in the same
     * statement that reads it, so two clicks racing cannot both sign in.
     * An expired token is deleted too, and answered with null.
     */
    async useVerificationToken({ identifier, token }) {
      const db = await database();
      const [row] = await db
        .delete(verificationTokens)
        .where(and(eq(verificationTokens.identifier, identifier), eq(verificationTokens.tokenHash, token)))
        .returning();
      if (!row || row.expiresAt.getTime() <= Date.now()) return null;
      return { identifier: row.identifier, token: row.tokenHash, expires: row.expiresAt };
    },
  };
}
