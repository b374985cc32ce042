import "server-only";
import { getDb } from "@/lib/db";
import { projectionLag, projections } from "@/lib/projections";
import { cronRefusal } from "./cron-authorization";
import { projectWithinBudget } from "./run-projections";

/** Time one cron request spends on batches; the route's maxDuration leaves room to answer. */
export const CRON_BUDGET_MS = 50_000;

/**
 * One cron-triggered run (Vercel Cron sends `Authorization: Bearer
 * $CRON_SECRET`): project until caught up or out of time, then report what
 * was applied and each projection's lag. Overlapping runs (or a worker
 * beside them) are safe: they take turns on each projection's batches.
 */
export async function serveCronProjection(
  authorization: string | null,
  options: { budgetMs?: number } = {},
): Promise<{ status: number; body: unknown }> {
  const refusal = await cronRefusal(authorization);
  if (refusal) return refusal;
  const db = await getDb();
  const list = Object.values(projections);
  const run = await projectWithinBudget(db, list, { budgetMs: options.budgetMs ?? CRON_BUDGET_MS });
  const lag = await projectionLag(db, list);
  const report = { applied: run.applied, outOfTime: run.outOfTime, lag };
  if (run.failed.length > 0) {
    const message = `projection failed: ${run.failed.join(", ")} (details in the server log)`;
    return { status: 500, body: { error: { code: "projection_failed", message }, ...report } };
  }
  return { status: 200, body: report };
}
