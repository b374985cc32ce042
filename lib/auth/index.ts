// Server-side surface of sign-in. Client components import form actions from
// "@/lib/auth/actions" directly, never this index (it pulls in server code).
export { auth, handlers, signIn, signOut } from "./auth";
export { SESSION_MAX_AGE_SECONDS } from "./config";
export { findAccountSummary, type AccountSummary } from "./account";
export { currentUser, requireUser, type SessionUser } from "./require-user";
export { hashPassword, verifyPassword } from "./password";
export { registerUser, type RegisterUserResult } from "./register-user";
export { signInMethods, type SignInMethods } from "./sign-in-methods";
export { verifyCredentials, type AuthenticatedUser } from "./verify-credentials";
