import "server-only";
import { getDb } from "@/lib/db";
import { lakeStore } from "@/lib/lake/blob-stores";
import { exportDueDays } from "@/lib/lake/export-job";
import { cronRefusal } from "./cron-authorization";

/**
 * Time one cron request spends starting exports. A partition started just
 * before it runs to the end, so the route's maxDuration leaves it room.
 */
export const CRON_LAKE_BUDGET_MS = 30_000;

/**
 * One cron-triggered lake export (`Authorization: Bearer $CRON_SECRET`):
 * export due site-days, oldest first, until none is left or the budget is
 * spent, and report them. Overlapping runs, the worker or the in-process
 * jobs beside it are safe: a partition being exported elsewhere is skipped.
 * A failed partition makes the answer a 500 listing it; only the lake's own
 * refusals (LakeExportFailed) are described, anything else is in the log.
 */
export async function serveCronLakeExport(
  authorization: string | null,
  options: { budgetMs?: number; now?: Date } = {},
): Promise<{ status: number; body: unknown }> {
  const refusal = await cronRefusal(authorization);
  if (refusal) return refusal;
  const db = await getDb();
  const run = await exportDueDays(db, lakeStore(), { now: options.now ?? new Date(), budgetMs: options.budgetMs ?? CRON_LAKE_BUDGET_MS });
  const report = {
    exported: run.exported.map(({ siteId, day, rows }) => ({ siteId, day, rows })),
    rows: run.rows,
    failed: run.failed.map(({ siteId, day, reason, expected }) => ({ siteId, day, reason: expected ? reason : "unexpected error (details in the server log)" })),
    skipped: run.skipped,
    remaining: run.remaining,
    outOfTime: run.outOfTime,
  };
  if (run.failed.length > 0) {
    const message = `lake export failed for ${run.failed.length} site-day(s); they stay due`;
    return { status: 500, body: { error: { code: "lake_export_failed", message }, ...report } };
  }
  return { status: 200, body: report };
}
