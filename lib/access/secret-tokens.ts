import { createHash, randomBytes } from "node:crypto";

/**
 * Bearer secrets (API keys, share-link and invitation tokens): random bytes
 * in URL-safe base64 behind a kind prefix, stored only as their SHA-256.
 * The prefix tells a leaked secret's kind at a glance (and to secret scanners).
 */
export const TOKEN_PREFIXES = { apiKey: "inlet_key_", shareLink: "inlet_share_", invitation: "inlet_invite_" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

export interface NewToken {
  /** The secret itself: shown once, never stored. */
  token: string;
  /** What the database keeps. */
  hash: string;
  /** The first characters, to tell secrets apart in a list. */
  displayPrefix: string;
}

export function newToken(kind: TokenKind): NewToken {
  const token = TOKEN_PREFIXES[kind] + randomBytes(24).toString("base64url");
  return { token, hash: hashToken(token), displayPrefix: token.slice(0, TOKEN_PREFIXES[kind].length + 6) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether `token` looks like a secret of this kind (checked before any database lookup). */
export function isTokenOf(kind: TokenKind, token: string): boolean {
  return token.length <= 100 && token.startsWith(TOKEN_PREFIXES[kind]) && /^[A-Za-z0-9_-]+$/.test(token);
}
