import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@/lib/db";
import type { BlobStore } from "@/lib/lake/blob-store";
import { exportDueDays, type LakeExportRun } from "@/lib/lake/export-job";

/** How often the in-process jobs and the worker look for closed days to export. */
export const LAKE_EXPORT_EVERY_MS = 5 * 60_000;
/** Time one periodic run may spend starting exports; a run with more to do goes on at the next. */
export const LAKE_EXPORT_BUDGET_MS = 2 * 60_000;

export interface LakeExportLoopOptions {
  /** Aborting stops the loop once the partition in flight is exported. */
  signal: AbortSignal;
  everyMs?: number;
  budgetMs?: number;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Called after every run. */
  onRun?: (run: LakeExportRun) => void;
}

/**
 * Export the lake's due days now and then every `everyMs` until `signal`
 * aborts. A run that throws (the database unreachable) is logged, and the
 * next one tries again. The loop of the in-process jobs and of `npm run worker`.
 */
export async function runLakeExportLoop(db: Database, store: BlobStore, options: LakeExportLoopOptions): Promise<void> {
  const { signal, everyMs = LAKE_EXPORT_EVERY_MS, budgetMs = LAKE_EXPORT_BUDGET_MS, now = () => new Date(), onRun = logLakeExportRun } = options;
  while (!signal.aborted) {
    try {
      onRun(await exportDueDays(db, store, { now: now(), budgetMs, signal }));
    } catch (error) {
      console.error("[jobs] the lake export run failed; it is retried at the next", error);
    }
    try {
      await sleep(everyMs, undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}

/** One line per run that did something; failures are logged by exportDueDays itself. */
export function logLakeExportRun(run: LakeExportRun): void {
  if (run.exported.length === 0 && run.failed.length === 0 && run.remaining === 0) return;
  const parts = [`exported ${run.exported.length} site-days (${run.rows} events)`];
  if (run.failed.length > 0) parts.push(`${run.failed.length} failed`);
  if (run.remaining > 0) parts.push(`${run.remaining} left for the next run`);
  console.log(`[lake] ${parts.join(", ")}`);
}
