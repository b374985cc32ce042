import { handlers } from "@/lib/auth/auth";

// Auth.js's own endpoints: session, CSRF token, credentials callback, sign-out.
export const { GET, POST } = handlers;
