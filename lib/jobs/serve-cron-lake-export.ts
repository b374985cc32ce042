import "server-only";
import { getDb } from "@/lib/db";
import { lakeStore } from "@/lib/lake/blob-stores";
import { runLakeStep } from "@/lib/lake/run-lake-step";
import { cronRefusal } from "./cron-authorization";

/**
 * Time one cron request spends starting micro-batches and merges. One
 * started just before it runs to the end, so the route's maxDuration leaves
 * it room.
 */
export const CRON_LAKE_BUDGET_MS = 30_000;

/**
 * One cron-triggered lake step (`Authorization: Bearer $CRON_SECRET`):
 * micro-batches until the lake has the log, merges of small files, deletes
 * of replaced blobs (and, in the first minute of each hour, the sweep for
 * unreferenced ones), and a report. Overlapping runs, the worker or the
 * in-process jobs beside it are safe: work claimed elsewhere is skipped. A
 * failed batch or merge makes the answer a 500; only the lake's own refusals
 * (LakeExportFailed) are described, anything else is in the log.
 */
export async function serveCronLakeExport(
  authorization: string | null,
  options: { budgetMs?: number; now?: Date } = {},
): Promise<{ status: number; body: unknown }> {
  const refusal = await cronRefusal(authorization);
  if (refusal) return refusal;
  const db = await getDb();
  const now = options.now ?? new Date();
  const step = await runLakeStep(db, lakeStore(), { now, budgetMs: options.budgetMs ?? CRON_LAKE_BUDGET_MS, sweep: now.getUTCMinutes() === 0 });
  const { compaction } = step;
  const report = {
    batches: step.batches,
    rows: step.rows,
    files: step.files,
    compacted: compaction.compacted.map(({ siteId, kind, day, files, rows }) => ({ siteId, kind, day, files, rows })),
    failed: [
      ...(step.failed ? [{ step: "micro-batch", reason: "micro-batch failed (details in the server log)" }] : []),
      ...compaction.failed.map(({ siteId, kind, day, reason, expected }) => ({ step: "merge", siteId, kind, day, reason: expected ? reason : "unexpected error (details in the server log)" })),
    ],
    garbageDeleted: step.garbageDeleted,
    outOfTime: step.outOfTime,
    lagMs: step.lagMs,
  };
  if (report.failed.length > 0) {
    const message = `lake step failed for ${report.failed.length} part(s); they are retried at the next run`;
    return { status: 500, body: { error: { code: "lake_export_failed", message }, ...report } };
  }
  return { status: 200, body: report };
}
