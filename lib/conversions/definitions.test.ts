import { beforeAll, expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { createFunnel, createGoal, deleteFunnel, deleteGoal, listFunnels, listGoals } from "./definitions";

describeEachDatabase("goal and funnel definitions", (database) => {
  let siteId = "";
  let otherSiteId = "";

  beforeAll(async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    const made = await db
      .insert(schema.sites)
      .values([
        { organisationId: org!.id, name: "Site", publicKey: "pk_goals_a" },
        { organisationId: org!.id, name: "Other", publicKey: "pk_goals_b" },
      ])
      .returning();
    [siteId, otherSiteId] = made.map((site) => site.id) as [string, string];
  });

  const goal = (fields: Record<string, string>) => ({ name: "", kind: "page", pagePattern: "", eventName: "", propertyKey: "", propertyValue: "", ...fields });

  it("names each problem of a bad goal", async () => {
    const { db } = database();
    const errors = async (fields: Record<string, string>) => {
      const result = await createGoal(db, siteId, goal(fields));
      return result.ok ? {} : result.fieldErrors;
    };
    expect(await errors({ name: "", pagePattern: "/x" })).toHaveProperty("name");
    expect(await errors({ name: "No slash", pagePattern: "pricing" })).toHaveProperty("pagePattern");
    expect(await errors({ name: "No event", kind: "event" })).toHaveProperty("eventName");
    expect(await errors({ name: "Pageview", kind: "event", eventName: "pageview" })).toHaveProperty("eventName");
    expect(await errors({ name: "Value alone", kind: "event", eventName: "signup", propertyValue: "pro" })).toHaveProperty("propertyKey");
    expect(await errors({ name: "Kind", kind: "both" })).toHaveProperty("kind");
    expect(await listGoals(db, siteId)).toEqual([]);
  });

  it("stores goals per site, refuses a second goal of the same name, and deletes only the site's own", async () => {
    const { db } = database();
    expect(await createGoal(db, siteId, goal({ name: "Pricing", pagePattern: " /pricing " }))).toEqual({ ok: true });
    expect(await createGoal(db, siteId, goal({ name: "Pro signup", kind: "event", eventName: "signup", propertyKey: "plan", propertyValue: "pro" }))).toEqual({ ok: true });
    expect(await createGoal(db, siteId, goal({ name: "Pricing", pagePattern: "/other" }))).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(await createGoal(db, otherSiteId, goal({ name: "Pricing", pagePattern: "/x" }))).toEqual({ ok: true });

    const goals = await listGoals(db, siteId);
    expect(goals.map((g) => [g.name, g.step])).toEqual([
      ["Pricing", { kind: "page", pagePattern: "/pricing" }],
      ["Pro signup", { kind: "event", eventName: "signup", property: { key: "plan", value: "pro" } }],
    ]);
    // Another site's id with this goal's id: nothing happens.
    await deleteGoal(db, otherSiteId, goals[0]!.id);
    expect(await listGoals(db, siteId)).toHaveLength(2);
  });

  it("makes funnels of 2-8 of the site's goals, copied so that deleting a goal leaves them whole", async () => {
    const { db } = database();
    const goals = await listGoals(db, siteId);
    const [foreign] = await listGoals(db, otherSiteId);
    expect(await createFunnel(db, siteId, { name: "One step", steps: [goals[0]!.id, "", ""] })).toMatchObject({ ok: false, fieldErrors: { steps: [expect.any(String)] } });
    expect(await createFunnel(db, siteId, { name: "Too long", steps: Array(9).fill(goals[0]!.id) })).toMatchObject({ ok: false, fieldErrors: { steps: [expect.any(String)] } });
    expect(await createFunnel(db, siteId, { name: "Foreign", steps: [goals[0]!.id, foreign!.id] })).toMatchObject({ ok: false, fieldErrors: { steps: [expect.any(String)] } });
    expect(await createFunnel(db, siteId, { name: "Pricing to pro", steps: [goals[0]!.id, "", goals[1]!.id] })).toEqual({ ok: true });

    await deleteGoal(db, siteId, goals[0]!.id);
    const [funnel] = await listFunnels(db, siteId);
    expect(funnel!.steps).toEqual([
      { ...goals[0]!.step, name: "Pricing" },
      { ...goals[1]!.step, name: "Pro signup" },
    ]);
    await deleteFunnel(db, otherSiteId, funnel!.id);
    expect(await listFunnels(db, siteId)).toHaveLength(1);
    await deleteFunnel(db, siteId, funnel!.id);
    expect(await listFunnels(db, siteId)).toEqual([]);
  });
});
