import "server-only";
import type { Account, Profile } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import Nodemailer from "next-auth/providers/nodemailer";
import type { Database } from "@/lib/db";
import type { Env } from "@/lib/env";
import { SIGN_IN_LINK_MINUTES, signInMethods } from "./sign-in-methods";
import { verifyCredentials } from "./verify-credentials";

const GITHUB_API = "https://api.github.com";

/**
 * Auth.js providers for this configuration: email and password always,
 * GitHub, Google and email links when configured. GitHub and Google may sign
 * into an existing account with the same email (Auth.js calls that
 * "dangerous" linking); it is safe only because sign-ins whose email the
 * provider has not verified are refused (see hasVerifiedEmail).
 */
export function authProviders(config: Env, database: () => Promise<Database>): Provider[] {
  const methods = signInMethods(config);
  const providers: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => verifyCredentials(credentials, await database()),
    }),
  ];
  if (methods.github) {
    providers.push(
      GitHub({
        clientId: config.AUTH_GITHUB_ID,
        clientSecret: config.AUTH_GITHUB_SECRET,
        allowDangerousEmailAccountLinking: true,
        // Auth.js's default takes the profile's public email, or the primary one whether verified or not.
        userinfo: { url: `${GITHUB_API}/user`, request: githubProfileWithVerifiedEmail },
      }),
    );
  }
  if (methods.google) {
    providers.push(Google({ clientId: config.AUTH_GOOGLE_ID, clientSecret: config.AUTH_GOOGLE_SECRET, allowDangerousEmailAccountLinking: true }));
  }
  if (methods.email) {
    providers.push(Nodemailer({ server: config.EMAIL_SERVER, from: config.EMAIL_FROM, maxAge: SIGN_IN_LINK_MINUTES * 60 }));
  }
  return providers;
}

/**
 * Whether a provider vouches for the email it signs a user in with. Accounts
 * are matched by email, so an unverified one could open someone else's.
 * Credentials and email links prove the address themselves.
 */
export function hasVerifiedEmail(account: Pick<Account, "provider"> | null | undefined, profile: Profile | undefined): boolean {
  switch (account?.provider) {
    case "google":
      return profile?.email_verified === true && typeof profile.email === "string";
    case "github":
      // githubProfileWithVerifiedEmail leaves `email` null unless GitHub verified it.
      return typeof profile?.email === "string" && profile.email.length > 0;
    default:
      return true;
  }
}

/** The address GitHub lists as the account's primary and verified one, or null. */
export function githubVerifiedPrimaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  for (const entry of emails as { email?: unknown; primary?: unknown; verified?: unknown }[]) {
    if (entry?.primary === true && entry.verified === true && typeof entry.email === "string") return entry.email;
  }
  return null;
}

async function githubProfileWithVerifiedEmail({ tokens }: { tokens: { access_token?: string } }): Promise<Profile> {
  const headers = { authorization: `Bearer ${tokens.access_token}`, accept: "application/vnd.github+json", "user-agent": "inlet" };
  const [profile, emails] = await Promise.all([
    fetch(`${GITHUB_API}/user`, { headers }).then((response) => response.json() as Promise<Profile>),
    // Needs the user:email scope, which Auth.js's GitHub provider asks for.
    fetch(`${GITHUB_API}/user/emails`, { headers }).then((response) => (response.ok ? response.json() : [])),
  ]);
  return { ...profile, email: githubVerifiedPrimaryEmail(emails) };
}
