import { createHash, randomBytes } from "node:crypto";
import { TOKEN_PREFIXES, type TokenKind } from "./token-format";

export { isTokenOf, TOKEN_PREFIXES, type TokenKind } from "./token-format";

/**
 * Bearer secrets (API keys, share-link and invitation tokens): random bytes
 * in URL-safe base64 behind a kind prefix (token-format.ts), stored only as
 * their SHA-256.
 */
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
