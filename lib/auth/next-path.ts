/**
 * Where to go after signing in or up: `next` (the page that sent the user to
 * sign in, such as an invitation) when it is a path on this app, else
 * undefined. "//host" and "/\host" would leave the app; so would a scheme.
 */
export function safeNextPath(next: unknown): string | undefined {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : undefined;
}
