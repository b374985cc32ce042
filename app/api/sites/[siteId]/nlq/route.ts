import { randomUUID } from "node:crypto";
import { z } from "zod";
import { siteRoute } from "@/lib/access";
import { getDb, withTenantScope } from "@/lib/db";
import { llmModelFromEnv } from "@/lib/nlq/llm-config";
import { createLlmEngine } from "@/lib/nlq/llm-engine";
import { loadNlqContext } from "@/lib/nlq/nlq-context";
import type { NlqTranslation } from "@/lib/nlq/nlq-types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/** Longer questions are refused: no question about a site's traffic needs more. */
const MAX_QUESTION_LENGTH = 500;

const questionBody = z.object({ question: z.string().trim().min(1).max(MAX_QUESTION_LENGTH) });

/**
 * POST `{ question }` → an NlqTranslation from the LLM engine (the model's
 * key stays on this server; the browser runs the SQL, through the guard).
 * Same access as reading the site. 400 names a bad body; 501 when
 * NLQ_LLM_* are unset (the embedded engine still works in the browser); 502
 * when the model cannot be reached, with a request id in the log.
 */
export const POST = siteRoute<{ siteId: string }>("site:read", async (request, access) => {
  const body = questionBody.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    return Response.json(
      { error: { code: "invalid_parameter", message: `question must be a non-empty string of at most ${MAX_QUESTION_LENGTH} characters, sent as JSON {"question": "…"}` } },
      { status: 400, headers: NO_STORE },
    );
  }
  const model = llmModelFromEnv();
  if (!model) return translationResponse({ ok: false, message: "The LLM engine is not configured", suggestions: [] }, 501);
  const context = await withTenantScope(await getDb(), [access.site.id], (db) => loadNlqContext(db, access.site));
  try {
    return translationResponse(await createLlmEngine(model).translate(body.data.question, context));
  } catch (error) {
    const requestId = randomUUID();
    console.error(`[nlq] request ${requestId}: the language model failed`, error);
    return translationResponse({ ok: false, message: `The language model could not answer (request ${requestId}). Try again, or use the built-in engine.`, suggestions: [] }, 502);
  }
});

function translationResponse(translation: NlqTranslation, status = 200): Response {
  return Response.json(translation, { status, headers: NO_STORE });
}
