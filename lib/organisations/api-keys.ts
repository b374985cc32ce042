import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { newToken, type OrganisationAccess } from "@/lib/access";
import { recordAudit } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { apiKeys, apiKeyScopes, type ApiKeyScope } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";

export type ApiKeyField = "name" | "scope";

const apiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it").max(100, "Name must be at most 100 characters"),
  scope: z.enum(apiKeyScopes, { message: `Choose a scope: ${apiKeyScopes.join(" or ")}` }),
});

export type CreateApiKeyResult = { ok: true; key: string } | { ok: false; fieldErrors: Partial<Record<ApiKeyField, string[]>> };

/** A new key; the key itself is in the result and nowhere else, ever. */
export async function createApiKey(db: Database, access: OrganisationAccess, input: unknown): Promise<CreateApiKeyResult> {
  const parsed = apiKeyInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<ApiKeyField>(parsed.error) };
  const token = newToken("apiKey");
  await db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        organisationId: access.organisationId,
        name: parsed.data.name,
        scope: parsed.data.scope,
        prefix: token.displayPrefix,
        secretHash: token.hash,
        createdBy: access.caller.userId,
      })
      .returning({ id: apiKeys.id });
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "api_key.created",
      details: { keyId: key!.id, name: parsed.data.name, scope: parsed.data.scope, prefix: token.displayPrefix },
    });
  });
  return { ok: true, key: token.token };
}

export interface ApiKeySummary {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The organisation's keys that still work, newest first. */
export async function listApiKeys(db: Database, organisationId: string): Promise<ApiKeySummary[]> {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.organisationId, organisationId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revoke a key of this organisation: it stops working at once. */
export async function revokeApiKey(db: Database, access: OrganisationAccess, keyId: string): Promise<void> {
  if (!z.uuid().safeParse(keyId).success) return;
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organisationId, access.organisationId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, prefix: apiKeys.prefix });
    if (!revoked) return;
    await recordAudit(tx, {
      organisationId: access.organisationId,
      actor: access.caller,
      action: "api_key.revoked",
      details: { keyId, name: revoked.name, prefix: revoked.prefix },
    });
  });
}
