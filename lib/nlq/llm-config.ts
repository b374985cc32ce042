import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { env, type Env } from "@/lib/env";

/**
 * The question box's LLM engine model, from NLQ_LLM_BASE_URL, NLQ_LLM_API_KEY
 * and NLQ_LLM_MODEL (lib/env.ts refuses a partial set at start-up), or null
 * when they are unset: the embedded engine is then the only one. Server
 * only: the key never reaches a browser.
 */
export function llmModelFromEnv(config: Env = env()): LanguageModel | null {
  const { NLQ_LLM_BASE_URL: baseURL, NLQ_LLM_API_KEY: apiKey, NLQ_LLM_MODEL: model } = config;
  if (!baseURL || !apiKey || !model) return null;
  return createOpenAICompatible({ name: "nlq-llm", baseURL, apiKey }).chatModel(model);
}

/** Whether the LLM engine is configured: what the Explore page tells the browser before offering it. */
export function llmEngineConfigured(config: Env = env()): boolean {
  return Boolean(config.NLQ_LLM_BASE_URL && config.NLQ_LLM_API_KEY && config.NLQ_LLM_MODEL);
}
