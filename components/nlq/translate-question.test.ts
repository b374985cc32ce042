import { describe, expect, it } from "vitest";
import { translationOfResponse } from "./translate-question";

describe("translationOfResponse", () => {
  it("passes the route's translations through", () => {
    expect(translationOfResponse(200, { ok: true, sql: "SELECT 1", restatement: "One" })).toEqual({ ok: true, sql: "SELECT 1", restatement: "One" });
    expect(translationOfResponse(501, { ok: false, message: "The LLM engine is not configured", suggestions: [] })).toEqual({ ok: false, message: "The LLM engine is not configured", suggestions: [] });
  });

  it("turns refusals and broken answers into messages", () => {
    expect(translationOfResponse(404, { error: { code: "not_found", message: "No such site" } })).toEqual({ ok: false, message: "No such site", suggestions: [] });
    expect(translationOfResponse(500, null)).toEqual({ ok: false, message: "The LLM engine failed (HTTP 500).", suggestions: [] });
  });
});
