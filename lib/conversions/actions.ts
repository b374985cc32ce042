"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { siteAction } from "@/lib/access";
import { getDb } from "@/lib/db";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { createFunnel, createGoal, deleteFunnel, deleteGoal, type FunnelField, type GoalField } from "./definitions";

export type GoalFormState = FormState<GoalField> & { saved?: number };
export type FunnelFormState = FormState<FunnelField> & { saved?: number };

const GOAL_FIELDS: readonly GoalField[] = ["name", "kind", "pagePattern", "eventName", "propertyKey", "propertyValue"];
const id = z.uuid();

function refresh(siteId: string) {
  revalidatePath(`/sites/${siteId}/goals`);
  revalidatePath(`/sites/${siteId}`);
}

/** "Add goal" (bound to the site id). `saved` changes on success so the form can clear itself. */
export const createGoalAction = siteAction("site:edit", async ({ site }, previous: GoalFormState, formData: FormData): Promise<GoalFormState> => {
  const values = formValues(formData, GOAL_FIELDS);
  const result = await createGoal(await getDb(), site.id, values);
  if (!result.ok) return { values, fieldErrors: result.fieldErrors };
  refresh(site.id);
  return { saved: (previous.saved ?? 0) + 1 };
});

export const deleteGoalAction = siteAction("site:edit", async ({ site }, goalId: string): Promise<void> => {
  if (!id.safeParse(goalId).success) return;
  await deleteGoal(await getDb(), site.id, goalId);
  refresh(site.id);
});

/** "Add funnel" (bound to the site id): a name and the goals of steps 1-8 in order. */
export const createFunnelAction = siteAction("site:edit", async ({ site }, previous: FunnelFormState, formData: FormData): Promise<FunnelFormState> => {
  const name = formValues(formData, ["name"]).name;
  const steps = formData.getAll("step").map((value) => (typeof value === "string" ? value : ""));
  const result = await createFunnel(await getDb(), site.id, { name, steps });
  if (!result.ok) return { values: { name }, fieldErrors: result.fieldErrors };
  refresh(site.id);
  return { saved: (previous.saved ?? 0) + 1 };
});

export const deleteFunnelAction = siteAction("site:edit", async ({ site }, funnelId: string): Promise<void> => {
  if (!id.safeParse(funnelId).success) return;
  await deleteFunnel(await getDb(), site.id, funnelId);
  refresh(site.id);
});
