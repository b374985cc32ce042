import type { Env } from "@/lib/env";

/** How long an emailed sign-in link works. */
export const SIGN_IN_LINK_MINUTES = 30;

/** The ways to sign in besides email and password, each on when its variables are set (lib/env.ts checks they come in pairs). */
export interface SignInMethods {
  github: boolean;
  google: boolean;
  /** Email sign-in links, sent through EMAIL_SERVER. */
  email: boolean;
}

export function signInMethods(config: Env): SignInMethods {
  return {
    github: Boolean(config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET),
    google: Boolean(config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET),
    email: Boolean(config.EMAIL_SERVER && config.EMAIL_FROM),
  };
}
