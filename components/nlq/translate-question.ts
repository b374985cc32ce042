import { z } from "zod";
import { SHARE_TOKEN_HEADER } from "@/lib/access/share-token-header";
import { embeddedEngine } from "@/lib/nlq/embedded-engine";
import type { NlqContext, NlqTranslation } from "@/lib/nlq/nlq-types";

/** What the page tells the browser about the site for the question box: NlqContext without the moment, which is the asking's. */
export type SiteNlqContext = Omit<NlqContext, "now">;

export type EngineName = "embedded" | "llm";

const translationSchema = z.union([
  z.object({ ok: z.literal(true), sql: z.string(), restatement: z.string() }),
  z.object({ ok: z.literal(false), message: z.string(), suggestions: z.array(z.string()).default([]) }),
]);
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

/**
 * Translate a question in this browser: the embedded engine here, or the
 * LLM engine through the site's route (its key stays on the server). Every
 * outcome is an NlqTranslation; a failed request is an ok:false one.
 */
export async function translateQuestion(options: { siteId: string; question: string; engine: EngineName; context: SiteNlqContext; shareToken?: string; signal?: AbortSignal }): Promise<NlqTranslation> {
  const { siteId, question, engine, context, shareToken, signal } = options;
  if (engine === "embedded") return embeddedEngine.translate(question, { ...context, now: new Date() });
  let response: Response;
  try {
    response = await fetch(`/api/sites/${encodeURIComponent(siteId)}/nlq`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(shareToken ? { [SHARE_TOKEN_HEADER]: shareToken } : {}) },
      body: JSON.stringify({ question }),
      signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, message: "Could not reach the server for the LLM engine.", suggestions: [] };
  }
  return translationOfResponse(response.status, await response.json().catch(() => null));
}

/** An answer of the nlq route as an NlqTranslation: its translation, or its error's message. */
export function translationOfResponse(status: number, body: unknown): NlqTranslation {
  const translation = translationSchema.safeParse(body);
  if (translation.success) return translation.data;
  const error = errorSchema.safeParse(body);
  return { ok: false, message: error.success ? error.data.error.message : `The LLM engine failed (HTTP ${status}).`, suggestions: [] };
}
