import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MockLanguageModelV3 } from "ai/test";
import { mockLlm, promptTextOf } from "@/lib/nlq/llm-test-model";

/*
 * The LLM engine's route: real access checks (API keys, share links) on the
 * embedded database, the SDK's mock model in place of the configured one.
 */

vi.mock("@/lib/auth/require-user", () => ({ currentUser: async () => null, requireUser: async () => null }));

const model = vi.hoisted(() => ({ current: null as MockLanguageModelV3 | null }));
vi.mock("@/lib/nlq/llm-config", () => ({ llmModelFromEnv: () => model.current, llmEngineConfigured: () => model.current !== null }));

type Handler = (request: NextRequest, context: { params: Promise<{ siteId: string }> }) => Promise<Response>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-nlq-route-"));
let POST: Handler;
let site = { id: "", other: "" };
let keys = { own: "", stranger: "", share: "" };

const ANSWER = { sql: "SELECT count(*) AS signups FROM events WHERE name = 'signup'", restatement: "Signups, all history", refusal: "", suggestions: [] };

async function ask(siteId: string, body: unknown, headers: Record<string, string>) {
  const request = new NextRequest(`http://localhost/api/sites/${siteId}/nlq`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const response = await POST(request, { params: Promise.resolve({ siteId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_DRIVER", "");
  vi.stubEnv("AUTH_SECRET", "a-secret-for-the-nlq-route-test-0123456789");
  const { getDb, schema } = await import("@/lib/db");
  const { newToken } = await import("@/lib/access");
  const db = await getDb();
  const organisation = async (name: string) => (await db.insert(schema.organisations).values({ name }).returning())[0]!.id;
  const apiKey = async (organisationId: string) => {
    const key = newToken("apiKey");
    await db.insert(schema.apiKeys).values({ organisationId, name: "read", scope: "read", prefix: key.displayPrefix, secretHash: key.hash });
    return key.token;
  };
  const ownOrg = await organisation("Own");
  const strangerOrg = await organisation("Stranger");
  const [own] = await db.insert(schema.sites).values({ organisationId: ownOrg, name: "Own site", publicKey: "pk_nlq_own", timeZone: "Europe/Berlin" }).returning();
  const [other] = await db.insert(schema.sites).values({ organisationId: strangerOrg, name: "Stranger site", publicKey: "pk_nlq_other" }).returning();
  await db.insert(schema.events).values({ siteId: own!.id, id: crypto.randomUUID(), name: "signup", ts: new Date(Date.now() - 60_000), visitorId: "v1", path: "/", props: { plan: "pro" } });
  const { catchUp, projections } = await import("@/lib/projections");
  for (const projection of Object.values(projections)) await catchUp(db, projection);
  const share = newToken("shareLink");
  await db.insert(schema.shareLinks).values({ siteId: own!.id, label: "link", tokenHash: share.hash, prefix: share.displayPrefix });
  site = { id: own!.id, other: other!.id };
  keys = { own: await apiKey(ownOrg), stranger: await apiKey(strangerOrg), share: share.token };
  ({ POST } = (await import("./route")) as unknown as { POST: Handler });
});

afterAll(async () => {
  const { closeAppDatabase } = await import("@/lib/db");
  await closeAppDatabase();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("POST /api/sites/[siteId]/nlq", () => {
  it("answers the site's readers with the model's translation, the site's events in the prompt", async () => {
    for (const headers of [{ authorization: `Bearer ${keys.own}` }, { "x-inlet-share-token": keys.share }] as Record<string, string>[]) {
      model.current = mockLlm({ text: JSON.stringify(ANSWER) });
      const answer = await ask(site.id, { question: "how many signups" }, headers);
      expect(answer).toEqual({ status: 200, body: { ok: true, sql: ANSWER.sql, restatement: ANSWER.restatement } });
      expect(promptTextOf(model.current)).toContain('"signup": properties "plan"');
      expect(promptTextOf(model.current)).toContain("Europe/Berlin");
    }
  });

  it("refuses strangers before asking the model", async () => {
    model.current = mockLlm({ text: JSON.stringify(ANSWER) });
    for (const [siteId, headers] of [
      [site.id, {}],
      [site.id, { authorization: `Bearer ${keys.stranger}` }],
      [site.other, { authorization: `Bearer ${keys.own}` }],
      [site.other, { "x-inlet-share-token": keys.share }],
    ] as const) {
      const answer = await ask(siteId, { question: "how many signups" }, headers);
      expect([401, 403, 404]).toContain(answer.status);
      expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(model.current.doGenerateCalls).toHaveLength(0);
  });

  it("answers bad input with 400 naming the field", async () => {
    model.current = mockLlm({ text: JSON.stringify(ANSWER) });
    for (const body of ["not json", {}, { question: "" }, { question: 42 }, { question: "x".repeat(501) }]) {
      const answer = await ask(site.id, body, { authorization: `Bearer ${keys.own}` });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: "invalid_parameter", message: expect.stringContaining("question") } });
    }
  });

  it("says when the LLM engine is not configured, and hides a failing model's error", async () => {
    model.current = null;
    expect(await ask(site.id, { question: "signups" }, { authorization: `Bearer ${keys.own}` })).toEqual({ status: 501, body: { ok: false, message: "The LLM engine is not configured", suggestions: [] } });
    model.current = mockLlm({ error: new Error("secret upstream detail") });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await ask(site.id, { question: "signups" }, { authorization: `Bearer ${keys.own}` });
    errors.mockRestore();
    expect(failed.status).toBe(502);
    expect(JSON.stringify(failed.body)).not.toContain("secret upstream detail");
  });
});
