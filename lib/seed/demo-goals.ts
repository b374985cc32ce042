import "server-only";
import { createFunnel, createGoal, listFunnels, listGoals } from "@/lib/conversions/definitions";
import type { Database } from "@/lib/db";

/** Goals that fit the generated traffic (lib/seed/generate-traffic.ts): its pricing, signup and purchase path. */
const DEMO_GOALS = [
  { name: "Saw pricing", kind: "page", pagePattern: "/pricing" },
  { name: "Opened signup", kind: "page", pagePattern: "/signup" },
  { name: "Signed up", kind: "event", eventName: "signup" },
  { name: "Purchased", kind: "event", eventName: "purchase" },
  { name: "Pro purchase", kind: "event", eventName: "purchase", propertyKey: "plan", propertyValue: "pro" },
  { name: "Read the blog", kind: "page", pagePattern: "/blog/**" },
] as const;

const DEMO_FUNNEL = { name: "Pricing to purchase", goals: ["Saw pricing", "Opened signup", "Signed up", "Purchased"] };

/** Give a site the demo goals and funnel, unless it already has goals or funnels of its own. */
export async function ensureDemoGoals(db: Database, siteId: string): Promise<void> {
  const [goals, funnels] = await Promise.all([listGoals(db, siteId), listFunnels(db, siteId)]);
  if (goals.length > 0 || funnels.length > 0) return;
  for (const goal of DEMO_GOALS) {
    const result = await createGoal(db, siteId, { pagePattern: "", eventName: "", propertyKey: "", propertyValue: "", ...goal });
    if (!result.ok) throw new Error(`demo goal ${goal.name}: ${JSON.stringify(result.fieldErrors)}`);
  }
  const byName = new Map((await listGoals(db, siteId)).map((goal) => [goal.name, goal.id]));
  const result = await createFunnel(db, siteId, { name: DEMO_FUNNEL.name, steps: DEMO_FUNNEL.goals.map((name) => byName.get(name)!) });
  if (!result.ok) throw new Error(`demo funnel: ${JSON.stringify(result.fieldErrors)}`);
}
