import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db";
import { funnels, goals } from "@/lib/db/schema";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { FUNNEL_MAX_STEPS, FUNNEL_MIN_STEPS, type ConversionStep, type Funnel, type FunnelStep, type Goal } from "@/lib/query/conversions-model";

/**
 * A site's goals and funnels: the forms' validation and the tables. Callers
 * have already checked that the user may change `siteId` (owners, admins).
 */

export type GoalField = "name" | "kind" | "pagePattern" | "eventName" | "propertyKey" | "propertyValue";
export type FunnelField = "name" | "steps";

type Result<Field extends string> = { ok: true } | { ok: false; fieldErrors: Partial<Record<Field, string[]>> };

const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const goalInput = z
  .object({
    name: trimmed(100).min(1, "give the goal a name"),
    kind: z.enum(["page", "event"], { message: "choose a page visit or a custom event" }),
    pagePattern: trimmed(2000),
    eventName: trimmed(200),
    propertyKey: trimmed(200),
    propertyValue: trimmed(500),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "page" && !value.pagePattern.startsWith("/")) {
      ctx.addIssue({ code: "custom", path: ["pagePattern"], message: "a path pattern starts with /, e.g. /pricing or /blog/*" });
    }
    if (value.kind === "event") {
      if (value.eventName === "") ctx.addIssue({ code: "custom", path: ["eventName"], message: "name the custom event, e.g. signup" });
      if (value.eventName === "pageview") {
        ctx.addIssue({ code: "custom", path: ["eventName"], message: "pageview is not a custom event: make a page goal instead" });
      }
      if (value.propertyKey === "" && value.propertyValue !== "") {
        ctx.addIssue({ code: "custom", path: ["propertyKey"], message: "name the property the value belongs to" });
      }
    }
  });

function stepOf(goal: z.infer<typeof goalInput>): ConversionStep {
  if (goal.kind === "page") return { kind: "page", pagePattern: goal.pagePattern };
  return goal.propertyKey
    ? { kind: "event", eventName: goal.eventName, property: { key: goal.propertyKey, value: goal.propertyValue } }
    : { kind: "event", eventName: goal.eventName };
}

export async function listGoals(db: Database, siteId: string): Promise<Goal[]> {
  const rows = await db.select().from(goals).where(eq(goals.siteId, siteId)).orderBy(asc(goals.createdAt), asc(goals.name));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    step:
      row.kind === "page"
        ? { kind: "page", pagePattern: row.pagePattern! }
        : row.propertyKey !== null
          ? { kind: "event", eventName: row.eventName!, property: { key: row.propertyKey, value: row.propertyValue! } }
          : { kind: "event", eventName: row.eventName! },
  }));
}

export async function createGoal(db: Database, siteId: string, input: unknown): Promise<Result<GoalField>> {
  const parsed = goalInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<GoalField>(parsed.error) };
  const step = stepOf(parsed.data);
  const inserted = await db
    .insert(goals)
    .values({
      siteId,
      name: parsed.data.name,
      kind: step.kind,
      pagePattern: step.kind === "page" ? step.pagePattern : null,
      eventName: step.kind === "event" ? step.eventName : null,
      propertyKey: step.kind === "event" ? (step.property?.key ?? null) : null,
      propertyValue: step.kind === "event" ? (step.property?.value ?? null) : null,
    })
    .onConflictDoNothing({ target: [goals.siteId, goals.name] })
    .returning({ id: goals.id });
  if (inserted.length === 0) return { ok: false, fieldErrors: { name: ["this site already has a goal with that name"] } };
  return { ok: true };
}

export async function deleteGoal(db: Database, siteId: string, goalId: string): Promise<void> {
  await db.delete(goals).where(and(eq(goals.siteId, siteId), eq(goals.id, goalId)));
}

export async function listFunnels(db: Database, siteId: string): Promise<Funnel[]> {
  const rows = await db.select().from(funnels).where(eq(funnels.siteId, siteId)).orderBy(asc(funnels.createdAt), asc(funnels.name));
  return rows.map((row) => ({ id: row.id, name: row.name, steps: row.steps }));
}

const funnelInput = z.object({
  name: trimmed(100).min(1, "give the funnel a name"),
  /** Goal ids in step order; blank choices are left out. */
  steps: z
    .array(z.string())
    .transform((ids) => ids.filter((id) => id !== ""))
    .pipe(
      z
        .array(z.uuid("choose one of the site's goals"))
        .min(FUNNEL_MIN_STEPS, `a funnel has ${FUNNEL_MIN_STEPS} to ${FUNNEL_MAX_STEPS} steps`)
        .max(FUNNEL_MAX_STEPS, `a funnel has ${FUNNEL_MIN_STEPS} to ${FUNNEL_MAX_STEPS} steps`),
    ),
});

/** A funnel's steps are copies of the chosen goals (named after them), so deleting a goal later leaves the funnel as it was. */
export async function createFunnel(db: Database, siteId: string, input: unknown): Promise<Result<FunnelField>> {
  const parsed = funnelInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf<FunnelField>(parsed.error) };
  const chosen = await listGoalsById(db, siteId, parsed.data.steps);
  const steps = parsed.data.steps.map((id) => chosen.get(id));
  if (steps.some((step) => step === undefined)) return { ok: false, fieldErrors: { steps: ["a chosen goal no longer exists: reload and choose again"] } };
  const inserted = await db
    .insert(funnels)
    .values({ siteId, name: parsed.data.name, steps: steps as FunnelStep[] })
    .onConflictDoNothing({ target: [funnels.siteId, funnels.name] })
    .returning({ id: funnels.id });
  if (inserted.length === 0) return { ok: false, fieldErrors: { name: ["this site already has a funnel with that name"] } };
  return { ok: true };
}

export async function deleteFunnel(db: Database, siteId: string, funnelId: string): Promise<void> {
  await db.delete(funnels).where(and(eq(funnels.siteId, siteId), eq(funnels.id, funnelId)));
}

async function listGoalsById(db: Database, siteId: string, ids: string[]): Promise<Map<string, FunnelStep>> {
  const all = await listGoals(db, siteId);
  const wanted = new Set(ids);
  return new Map(all.filter((goal) => wanted.has(goal.id)).map((goal) => [goal.id, { ...goal.step, name: goal.name }]));
}
