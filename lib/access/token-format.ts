/**
 * The shape of Inlet's bearer secrets, with no Node dependency: the Edge
 * collector checks API keys with it too (secret-tokens.ts makes and hashes them).
 * The prefix tells a leaked secret's kind at a glance (and to secret scanners).
 */
export const TOKEN_PREFIXES = { apiKey: "inlet_key_", shareLink: "inlet_share_", invitation: "inlet_invite_" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

const MAX_TOKEN_LENGTH = 100;

/** Whether `token` looks like a secret of this kind (checked before any database lookup). */
export function isTokenOf(kind: TokenKind, token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && token.startsWith(TOKEN_PREFIXES[kind]) && /^[A-Za-z0-9_-]+$/.test(token);
}
