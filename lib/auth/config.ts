import "server-only";
import type { DefaultSession, NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import { getDb, type Database } from "@/lib/db";
import { authSecretOrThrow, env, type Env } from "@/lib/env";
import { inletAdapter } from "./adapter";
import { authProviders, hasVerifiedEmail } from "./providers";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** When this session signed in (ms since the epoch); 0 for sessions from before it was recorded. */
    signedInAt: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** Stamped at sign-in and kept through every renewal; compared with users.sessions_valid_after. */
    signedInAt?: number;
  }
}

/** How long a session lasts without being renewed. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Renew a session's cookie at most once a day (Auth.js renews JWT cookies whenever it reads them). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/**
 * The Auth.js configuration. Built per call (see auth.ts) so the secret is
 * read at request time, never while `next build` imports the routes.
 */
export function authConfig(): NextAuthConfig {
  return buildAuthConfig(env(), getDb);
}

/** The configuration for a given environment and database; tests build their own. */
export function buildAuthConfig(config: Env, database: () => Promise<Database>): NextAuthConfig {
  return {
    secret: authSecretOrThrow(config),
    // Self-hosted behind whatever proxy the operator runs: the Host header is the app's own.
    trustHost: true,
    // Credentials sign-in has no adapter-backed sessions; the user id travels in the JWT's `sub`.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    // Users, provider accounts and email-link tokens; never sessions (they are JWTs).
    adapter: inletAdapter(database),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: authProviders(config, database),
    callbacks: {
      // Refused sign-ins land on /sign-in?error=AccessDenied.
      signIn: ({ account, profile }) => hasVerifiedEmail(account, profile),
      jwt({ token, user }) {
        // `user` is present only when signing in: the moment a later revocation is compared with.
        if (user) token.signedInAt = Date.now();
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : 0;
        return session;
      },
    },
    logger: {
      error(error) {
        // A wrong password is the user's mistake, answered on the form; not a server error.
        if (error instanceof CredentialsSignin) return;
        console.error("[auth]", error);
      },
    },
  };
}
