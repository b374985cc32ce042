import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { llmEngineConfigured, llmModelFromEnv } from "./llm-config";

const complete = { NLQ_LLM_BASE_URL: "http://127.0.0.1:11434/v1", NLQ_LLM_API_KEY: "k", NLQ_LLM_MODEL: "qwen2.5" };

describe("the LLM engine's configuration", () => {
  it("is off without the variables", () => {
    const config = parseEnv({ NLQ_LLM_BASE_URL: "", NLQ_LLM_API_KEY: "", NLQ_LLM_MODEL: "" });
    expect(llmModelFromEnv(config)).toBeNull();
    expect(llmEngineConfigured(config)).toBe(false);
  });

  it("makes an OpenAI-compatible model of the three", () => {
    const config = parseEnv(complete);
    expect(llmEngineConfigured(config)).toBe(true);
    expect(llmModelFromEnv(config)).toMatchObject({ modelId: "qwen2.5", provider: expect.stringContaining("nlq-llm") });
  });

  it("refuses a partial set at start-up, naming the missing ones", () => {
    let error: unknown;
    try {
      parseEnv({ NLQ_LLM_MODEL: "qwen2.5" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems).toEqual([
      "NLQ_LLM_BASE_URL: is required when NLQ_LLM_MODEL is set",
      "NLQ_LLM_API_KEY: is required when NLQ_LLM_MODEL is set",
    ]);
    expect(() => parseEnv({ ...complete, NLQ_LLM_BASE_URL: "ftp://x" })).toThrow(/NLQ_LLM_BASE_URL/);
  });
});
