import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows, schema } from "@/lib/db";
import { MemoryBlobStore } from "@/lib/lake/testing/memory-blob-store";
import { drainLake } from "@/lib/lake/testing/lake-contents";
import { catchUp, projections } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { NlqArgsError, parseNlqArgs } from "./cli-args";
import { createLlmEngine } from "./llm-engine";
import { mockLlm, promptTextOf } from "./llm-test-model";
import { loadNlqContext } from "./nlq-context";
import type { NlqContext, NlqEngine, NlqTranslation } from "./nlq-types";
import { answerQuestion, QuestionFailed } from "./run-question";
import { runSiteSql } from "./run-site-sql";

const NOW = new Date("2026-10-15T10:00:00Z");
const HOUR = 3_600_000;

/** An engine answering one fixed translation and remembering the context it was given. */
function fixedEngine(translation: NlqTranslation): NlqEngine & { seen: NlqContext[] } {
  const seen: NlqContext[] = [];
  return {
    name: "embedded",
    seen,
    translate: async (_question, context) => {
      seen.push(context);
      return translation;
    },
  };
}

const PAGES_SQL = "SELECT path, count(*) AS pageviews, count(DISTINCT visitor_id) AS visitors FROM events WHERE name = 'pageview' GROUP BY path ORDER BY pageviews DESC, path";

describeEachDatabase("answerQuestion (npm run nlq)", (database) => {
  const store = new MemoryBlobStore();
  let site = "";

  beforeAll(async () => {
    const { db } = database();
    [site] = (await prepareSites(db, "nlq", ["Europe/Berlin"])) as [string];
    const event = (name: string, path: string, visitor: string, hoursAgo: number, props: Record<string, unknown> | null = null) => ({
      siteId: site,
      id: randomUUID(),
      name,
      ts: new Date(NOW.getTime() - hoursAgo * HOUR),
      visitorId: visitor,
      path,
      country: "DE",
      props,
    });
    // Two days ago: into the lake. Then an hour ago: only in the log (the tail).
    await db.insert(schema.events).values([
      event("pageview", "/a", "v1", 48),
      event("pageview", "/b", "v1", 47.9),
      event("pageview", "/a", "v2", 47),
      event("signup", "/b", "v1", 47.8, { plan: "pro", source: "ad" }),
    ]);
    for (const projection of Object.values(projections)) await catchUp(db, projection);
    await drainLake(db, store, 500);
    await db.insert(schema.events).values([event("pageview", "/a", "v3", 1), event("signup", "/a", "v3", 0.9, { plan: "free" }), event("purchase", "/c", "v3", 0.8, { amount: 12 })]);
    for (const projection of Object.values(projections)) await catchUp(db, projection);
    expect((await queryRows(db, sql`SELECT 1 FROM lake_files WHERE site_id = ${site}`)).length).toBeGreaterThan(0);
  });

  it("reads the site's context from the read models: zone, event names by frequency, property keys", async () => {
    const context = await loadNlqContext(database().db, { id: site, timeZone: "Europe/Berlin" }, NOW);
    expect(context.timeZone).toBe("Europe/Berlin");
    expect(context.eventNames).toEqual(["signup", "purchase"]);
    expect(context.propertyKeys.signup?.slice().sort()).toEqual(["plan", "source"]);
    expect(context.propertyKeys.purchase).toEqual(["amount"]);
  });

  it("runs the engine's SQL over the lake files and the tail together, with the browser's views", async () => {
    const engine = fixedEngine({ ok: true, sql: PAGES_SQL, restatement: "Pageviews by page, all history" });
    const answer = await answerQuestion(database().db, store, site, "pageviews by page", engine, NOW);
    expect(answer).toEqual({
      sql: PAGES_SQL,
      restatement: "Pageviews by page, all history",
      columns: [
        { name: "path", type: "VARCHAR" },
        { name: "pageviews", type: "BIGINT" },
        { name: "visitors", type: "BIGINT" },
      ],
      rows: [
        { path: "/a", pageviews: 3, visitors: 3 },
        { path: "/b", pageviews: 1, visitors: 1 },
      ],
    });
    expect(engine.seen[0]).toMatchObject({ eventNames: ["signup", "purchase"], now: NOW });
  });

  it("has the prop() macro, sessions and local times as the browser does", async () => {
    const { db } = database();
    const berlin = { id: site, timeZone: "Europe/Berlin" };
    const plans = await runSiteSql(db, store, berlin, "SELECT prop(props, 'plan') AS plan, count(*) AS signups FROM events WHERE name = 'signup' GROUP BY plan ORDER BY plan", { now: NOW });
    expect(plans.rows).toEqual([
      { plan: "free", signups: 1 },
      { plan: "pro", signups: 1 },
    ]);
    const sessions = await runSiteSql(db, store, berlin, "SELECT visitor_id, entry_page, pageviews, start_local_ts FROM sessions ORDER BY visitor_id", { now: NOW });
    expect(sessions.rows).toEqual([
      // 48 hours before 10:00 UTC is 12:00 in Berlin (UTC+2 in October).
      { visitor_id: "v1", entry_page: "/a", pageviews: 2, start_local_ts: "2026-10-13T12:00:00.000" },
      { visitor_id: "v2", entry_page: "/a", pageviews: 1, start_local_ts: "2026-10-13T13:00:00.000" },
      { visitor_id: "v3", entry_page: "/a", pageviews: 1, start_local_ts: "2026-10-15T11:00:00.000" },
    ]);
  });

  it("answers with the LLM engine (mock model) end to end", async () => {
    const model = mockLlm({ text: JSON.stringify({ sql: "SELECT count(*) AS signups FROM events WHERE name = 'signup'", restatement: "Signups, all history", refusal: "", suggestions: [] }) });
    const answer = await answerQuestion(database().db, store, site, "how many signups", createLlmEngine(model), NOW);
    expect(answer.rows).toEqual([{ signups: 2 }]);
    expect(promptTextOf(model)).toContain('"signup": properties');
  });

  it("fails with a message for an unknown site, a question not understood, and SQL that may not or cannot run", async () => {
    const { db } = database();
    const ok = fixedEngine({ ok: true, sql: PAGES_SQL, restatement: "x" });
    await expect(answerQuestion(db, store, randomUUID(), "pageviews", ok, NOW)).rejects.toThrow(QuestionFailed);
    await expect(answerQuestion(db, store, randomUUID(), "pageviews", ok, NOW)).rejects.toThrow(/^No site /);
    const refused = fixedEngine({ ok: false, message: "I don't understand “zorp”", suggestions: ["top pages last 7 days"] });
    await expect(answerQuestion(db, store, site, "zorp", refused, NOW)).rejects.toThrow(/I don't understand “zorp”\nTry: "top pages last 7 days"/);
    const unsafe = fixedEngine({ ok: true, sql: "SELECT * FROM lake_files", restatement: "x" });
    await expect(answerQuestion(db, store, site, "files", unsafe, NOW)).rejects.toThrow(/may not run: relation `lake_files`/);
    const broken = fixedEngine({ ok: true, sql: "SELECT nope FROM events", restatement: "x" });
    await expect(answerQuestion(db, store, site, "nope", broken, NOW)).rejects.toThrow(/nope/);
  });

  it("limits the rows as the guard says", async () => {
    const result = await runSiteSql(database().db, store, { id: site, timeZone: "Europe/Berlin" }, "SELECT seq FROM events ORDER BY seq", { maxRows: 2, now: NOW });
    expect(result.rows).toHaveLength(2);
  });
});

describe("parseNlqArgs", () => {
  const id = "0190a6b2-7c1e-7d3f-9a4b-5c6d7e8f9a0b";

  it("takes the site, the engine and the question", () => {
    expect(parseNlqArgs(["--site", id, "top pages", "last 7 days"])).toEqual({ siteId: id, engine: "embedded", question: "top pages last 7 days", help: false });
    expect(parseNlqArgs([`--site=${id.toUpperCase()}`, "--engine", "llm", "signups"])).toMatchObject({ siteId: id, engine: "llm" });
  });

  it("names what is wrong", () => {
    expect(() => parseNlqArgs(["top pages"])).toThrow(/--site is required/);
    expect(() => parseNlqArgs(["--site", "nope", "x"])).toThrow(/UUID/);
    expect(() => parseNlqArgs(["--site", id, "--engine", "gpt", "x"])).toThrow(/embedded or llm/);
    expect(() => parseNlqArgs(["--site", id])).toThrow(/question is required/);
    expect(() => parseNlqArgs(["--site", id, "--out", "x"])).toThrow(NlqArgsError);
  });
});
