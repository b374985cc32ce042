import "server-only";
import NextAuth from "next-auth";
import { authConfig } from "./config";

// Lazy initialisation: the config (and AUTH_SECRET) is only read when a
// request needs it, so importing this module at build time needs no secret.
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
