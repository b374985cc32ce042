import { MockLanguageModelV3 } from "ai/test";

/**
 * For tests: the `ai` SDK's mock model answering `text` (or throwing
 * `error`) to every call, never the network. Its `doGenerateCalls` hold what
 * each call sent (the prompt), for assertions.
 */
export function mockLlm(answer: { text: string } | { error: Error }): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doGenerate: async () => {
      if ("error" in answer) throw answer.error;
      return {
        content: [{ type: "text", text: answer.text }],
        finishReason: { unified: "stop", raw: undefined },
        usage: { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 20, text: 20, reasoning: undefined } },
        warnings: [],
      };
    },
  });
}

/** The text of every message a mock model was sent in its first call. */
export function promptTextOf(model: MockLanguageModelV3): string {
  const call = model.doGenerateCalls[0];
  if (!call) throw new Error("the model was not called");
  return call.prompt
    .map((message) => (typeof message.content === "string" ? message.content : message.content.map((part) => ("text" in part ? part.text : "")).join("")))
    .join("\n");
}
