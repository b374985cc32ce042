import "server-only";
import type { DefaultSession, NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authSecretOrThrow } from "@/lib/env";
import { verifyCredentials } from "./verify-credentials";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/**
 * The Auth.js configuration. Built per call (see auth.ts) so the secret is
 * read at request time, never while `next build` imports the routes.
 */
export function authConfig(): NextAuthConfig {
  return {
    secret: authSecretOrThrow(),
    // Self-hosted behind whatever proxy the operator runs: the Host header is the app's own.
    trustHost: true,
    // Credentials sign-in has no adapter-backed sessions; the user id travels in the JWT's `sub`.
    session: { strategy: "jwt" },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => verifyCredentials(credentials),
      }),
    ],
    callbacks: {
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
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
