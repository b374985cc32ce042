import { describe, expect, it } from "vitest";
import { DEV_SET } from "./dev-set";
import { embeddedEngine, translateQuestion } from "./embedded-engine";
import { guardSql } from "./guard";
import { DEMO_CONTEXT } from "./testing/demo-lake";

/*
 * What the engine says, without running SQL (the dev set runs it): the
 * restatement the issue asks for, refusals that name the word, and SQL the
 * PostgreSQL-dialect guard can parse.
 */
const ask = (question: string) => translateQuestion(question, DEMO_CONTEXT);

describe("embedded engine", () => {
  it("restates the issue's example question", async () => {
    const answer = await embeddedEngine.translate("which pages brought the most signups from Germany last month?", DEMO_CONTEXT);
    expect(answer.ok && answer.restatement).toBe("Signups by entry page, country = Germany, 1-31 Oct 2026, top 10");
  });

  it("names the word it does not understand and suggests others", () => {
    const answer = ask("visitors by shoe colour last week");
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.message).toMatch(/^I don't understand “shoe”, “colour”/);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it("suggests the near word for a typo too far to correct", () => {
    const answer = ask("visitors from germanyyyy");
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.suggestions).toContain("germany");
  });

  it("does not read a short unknown word as a known one", () => {
    // "mars" is one letter from "macs" (macOS): refused, not answered as macOS.
    expect(ask("visitors from mars").ok).toBe(false);
  });

  it("reads typos and synonyms as the words they stand for", () => {
    const typo = ask("vistors from germnay lst week");
    expect(typo.ok).toBe(false); // "lst" is too short to correct
    const fixed = ask("vistors from germnay last week");
    expect(fixed.ok && fixed.restatement).toBe("Visitors, country = Germany, 2-8 Nov 2026");
    const synonyms = ask("unique users from deutschland last week");
    expect(synonyms.ok && synonyms.restatement).toBe("Visitors, country = Germany, 2-8 Nov 2026");
  });

  it("says when it fell back to the default range", () => {
    const answer = ask("pageviews by browser");
    expect(answer.ok && answer.restatement).toBe("Pageviews by browser, 14 Oct - 12 Nov 2026 (past 30 days)");
  });

  it("refuses a comparison of segments rather than answering another question", () => {
    const answer = ask("visitors from linkedin vs twitter");
    expect(answer.ok).toBe(false);
  });

  it("writes SQL the guard lets run, for every dev-set question", () => {
    for (const { question } of DEV_SET) {
      const answer = ask(question);
      if (!answer.ok) continue;
      expect(answer.sql, question).not.toMatch(/::|\/\/|\bQUALIFY\b|\bEXCLUDE\b|\bINTERVAL \d/i);
      expect(guardSql(answer.sql), question).toMatchObject({ ok: true });
    }
  });
});
