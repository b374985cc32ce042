import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { NextRequest } from "next/server";
import { currentUser } from "@/lib/auth/require-user";
import type { Database } from "@/lib/db";
import { apiKeys, shareLinks } from "@/lib/db/schema";
import { authSecretOrThrow } from "@/lib/env";
import { AccessDenied, type Caller } from "./authorize";
import { hashToken, isTokenOf } from "./secret-tokens";

import { SHARE_TOKEN_HEADER } from "./share-token-header";

export { SHARE_TOKEN_HEADER };

/** How long entering a share link's password unlocks it in that browser. */
const SHARE_UNLOCK_SECONDS = 24 * 60 * 60;

/** A minimal view of a cookie jar: Next's `cookies()` and a parsed Cookie header both fit. */
export interface CookieReader {
  get(name: string): { value: string } | undefined;
}

/** The signed-in member, or null. */
export async function sessionCaller(): Promise<Caller | null> {
  const user = await currentUser();
  return user ? { kind: "user", userId: user.id, email: user.email } : null;
}

/**
 * The caller a route handler's request carries: an API key (Authorization:
 * Bearer), else a share link's token (SHARE_TOKEN_HEADER), else the session
 * cookie. A credential that is present but wrong is refused outright rather
 * than falling back to the next kind, so a bad key never reads as "signed out".
 */
export async function requestCaller(db: Database, request: NextRequest): Promise<Caller | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    if (!match) throw new AccessDenied(401, "invalid_api_key", "Send the API key as 'Authorization: Bearer <key>'.");
    return apiKeyCaller(db, match[1]!);
  }
  const shareToken = request.headers.get(SHARE_TOKEN_HEADER);
  if (shareToken !== null) return shareLinkCaller(db, shareToken, request.cookies);
  return sessionCaller();
}

/** An API key's caller; 401 for a key that is malformed, unknown or revoked. */
export async function apiKeyCaller(db: Database, key: string): Promise<Caller> {
  const invalid = new AccessDenied(401, "invalid_api_key", "This API key is not valid: it is mistyped, revoked or deleted.");
  if (!isTokenOf("apiKey", key)) throw invalid;
  const [row] = await db
    .select({ id: apiKeys.id, organisationId: apiKeys.organisationId, scope: apiKeys.scope })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hashToken(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw invalid;
  // "Last used" to the minute is what the keys page shows; skipping the write otherwise keeps reads cheap.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  return { kind: "api-key", keyId: row.id, organisationId: row.organisationId, scope: row.scope };
}

/**
 * A share link's caller. 404 for an unknown or revoked link; 401 with code
 * `password_required` when the link has a password and this browser has not
 * unlocked it (see shareUnlockCookie).
 */
export async function shareLinkCaller(db: Database, token: string, cookies: CookieReader): Promise<Caller> {
  const link = await findShareLink(db, token);
  if (!link) throw new AccessDenied(404, "not_found", "This share link does not exist or was revoked.");
  if (link.passwordHash && !isUnlocked(link, cookies.get(shareUnlockCookieName(link.id))?.value)) {
    throw new AccessDenied(401, "password_required", "This shared dashboard is protected by a password.");
  }
  return { kind: "share-link", linkId: link.id, siteId: link.siteId };
}

/** The live (not revoked) share link a token opens, or undefined. */
export async function findShareLink(db: Database, token: string) {
  if (!isTokenOf("shareLink", token)) return undefined;
  const [link] = await db
    .select({ id: shareLinks.id, siteId: shareLinks.siteId, passwordHash: shareLinks.passwordHash })
    .from(shareLinks)
    .where(and(eq(shareLinks.tokenHash, hashToken(token)), isNull(shareLinks.revokedAt)))
    .limit(1);
  return link;
}

export function shareUnlockCookieName(linkId: string): string {
  return `inlet_share_${linkId}`;
}

/**
 * The cookie that remembers a correct password: an expiry and an HMAC over
 * the link, the expiry and the password's hash, so it dies with a password
 * change and cannot be forged or moved to another link.
 */
export function shareUnlockCookie(link: { id: string; passwordHash: string }, now = Date.now()) {
  const expires = Math.floor(now / 1000) + SHARE_UNLOCK_SECONDS;
  return { name: shareUnlockCookieName(link.id), value: `${expires}.${unlockSignature(link, expires)}`, maxAge: SHARE_UNLOCK_SECONDS };
}

function isUnlocked(link: { id: string; passwordHash: string | null }, cookie: string | undefined): boolean {
  const [expiresText, signature] = (cookie ?? "").split(".");
  const expires = Number(expiresText);
  if (!link.passwordHash || !signature || !Number.isInteger(expires) || expires * 1000 < Date.now()) return false;
  const expected = Buffer.from(unlockSignature({ id: link.id, passwordHash: link.passwordHash }, expires));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function unlockSignature(link: { id: string; passwordHash: string }, expires: number): string {
  return createHmac("sha256", authSecretOrThrow()).update(`share-unlock:${link.id}:${expires}:${link.passwordHash}`).digest("base64url");
}
