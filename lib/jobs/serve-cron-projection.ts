import "server-only";
import { tokensEqual } from "@/lib/auth/internal-token";
import { getDb } from "@/lib/db";
import { bytesToHex } from "@/lib/encoding/bytes-to-hex";
import { env } from "@/lib/env";
import { projectionLag, projections } from "@/lib/projections";
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
  const secret = env().CRON_SECRET;
  if (!secret) {
    return { status: 503, body: { error: { code: "not_configured", message: "CRON_SECRET is not set: the cron route stays closed until it is" } } };
  }
  if (!authorization || !(await secretsEqual(authorization, `Bearer ${secret}`))) {
    return { status: 401, body: { error: { code: "unauthorized", message: "cron route: bad or missing bearer token" } } };
  }
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

// Digests first: equal lengths, so the comparison reveals nothing about the secret's length either.
async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
  return tokensEqual(await digest(given), await digest(expected));
}
