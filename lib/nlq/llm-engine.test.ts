import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { guardSql } from "./guard";
import { createLlmEngine, llmSystemPrompt } from "./llm-engine";
import { mockLlm, promptTextOf } from "./llm-test-model";
import type { NlqContext } from "./nlq-types";
import { NLQ_EXAMPLES } from "./schema-prompt";

const context: NlqContext = {
  timeZone: "Europe/Berlin",
  now: new Date("2026-10-15T10:30:00Z"),
  eventNames: ["signup", "purchase"],
  propertyKeys: { signup: ["plan"], purchase: ["amount", "currency"] },
};

const answer = (fields: Partial<{ sql: string; restatement: string; refusal: string; suggestions: string[] }>) =>
  JSON.stringify({ sql: "", restatement: "", refusal: "", suggestions: [], ...fields });

describe("createLlmEngine", () => {
  it("tells the model the schema, the site's event names and property keys, its zone and local now", async () => {
    const model = mockLlm({ text: answer({ sql: "SELECT count(*) AS n FROM events", restatement: "Events, all history" }) });
    await createLlmEngine(model).translate("how many events", context);
    const prompt = promptTextOf(model);
    for (const column of ["local_ts", "visitor_id", "entry_page", "bounce", "prop(props, 'key')"]) expect(prompt).toContain(column);
    expect(prompt).toContain('"signup": properties "plan"');
    expect(prompt).toContain('"purchase": properties "amount", "currency"');
    expect(prompt).toContain("Europe/Berlin");
    // 10:30 UTC is 12:30 in Berlin (summer time).
    expect(prompt).toContain("TIMESTAMP '2026-10-15 12:30:00'");
    expect(prompt).toContain("how many events");
  });

  it("answers the model's SQL and restatement", async () => {
    const sql = "SELECT path, count(*) AS pageviews FROM events WHERE name = 'pageview' GROUP BY path ORDER BY pageviews DESC LIMIT 10;";
    const translation = await createLlmEngine(mockLlm({ text: answer({ sql, restatement: "Pageviews by page, all history" }) })).translate("pageviews by page", context);
    expect(translation).toEqual({ ok: true, sql: sql.slice(0, -1), restatement: "Pageviews by page, all history" });
  });

  it("answers a refusal as not understood, with the model's suggestions", async () => {
    const translation = await createLlmEngine(mockLlm({ text: answer({ refusal: "There is no revenue column.", suggestions: ["purchases per day"] }) })).translate("revenue by planet", context);
    expect(translation).toEqual({ ok: false, message: "There is no revenue column.", suggestions: ["purchases per day"] });
  });

  it("answers output that is not the answer's shape as not understood", async () => {
    for (const text of ["I think you should look at your pageviews.", JSON.stringify({ query: "SELECT 1" })]) {
      const translation = await createLlmEngine(mockLlm({ text })).translate("pageviews", context);
      expect(translation.ok, text).toBe(false);
      if (!translation.ok) expect(translation.suggestions.length).toBeGreaterThan(0);
    }
  });

  it("answers SQL the guard refuses as not understood, with the guard's reason", async () => {
    const translation = await createLlmEngine(mockLlm({ text: answer({ sql: "DROP VIEW events", restatement: "x" }) })).translate("delete everything", context);
    expect(translation).toMatchObject({ ok: false, message: expect.stringContaining("only SELECT is allowed") });
  });

  it("does not ask the model an empty question", async () => {
    const model = mockLlm({ text: answer({ sql: "SELECT 1" }) });
    expect(await createLlmEngine(model).translate("  ", context)).toMatchObject({ ok: false });
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("lets a model that cannot be reached fail the call", async () => {
    const error = new APICallError({ message: "connection refused", url: "http://127.0.0.1:1/v1/chat/completions", requestBodyValues: {}, isRetryable: false });
    await expect(createLlmEngine(mockLlm({ error })).translate("pageviews", context)).rejects.toThrow("connection refused");
  });
});

describe("the prompt's examples", () => {
  it("pass the guard, so the model is shown SQL that may run", () => {
    const prompt = llmSystemPrompt(context);
    for (const example of NLQ_EXAMPLES) {
      const sql = example.sql.replaceAll("{now}", "2026-10-15 12:30:00");
      expect(guardSql(sql), example.question).toMatchObject({ ok: true });
      expect(prompt).toContain(JSON.stringify(sql));
    }
  });

  it("say so when the site has no custom events", () => {
    expect(llmSystemPrompt({ ...context, eventNames: [], propertyKeys: {} })).toContain("no custom events yet");
  });
});
