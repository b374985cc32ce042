import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@/lib/db";
import type { BlobStore } from "@/lib/lake/blob-store";
import { runLakeStep, type LakeStep } from "@/lib/lake/run-lake-step";

/** How often the in-process jobs and the worker bring the lake up to the log (and merge its small files). */
export const LAKE_EXPORT_EVERY_MS = 60_000;
/** Time one run may spend starting micro-batches and merges; a run with more to do goes on at the next. */
export const LAKE_EXPORT_BUDGET_MS = 2 * 60_000;
/** How often the loop lists the store for blobs nobody references (lib/lake/lake-garbage.ts). */
export const LAKE_SWEEP_EVERY_MS = 60 * 60_000;

export interface LakeExportLoopOptions {
  /** Aborting stops the loop once the batch or merge in flight has committed. */
  signal: AbortSignal;
  everyMs?: number;
  budgetMs?: number;
  batchSize?: number;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Called after every run. */
  onRun?: (run: LakeStep) => void;
}

/**
 * Run a lake step (runLakeStep: micro-batches, then merges, then deletes)
 * now and then every `everyMs` until `signal` aborts, the lake then at most
 * about `everyMs` plus a step behind the log. A run that throws (the
 * database unreachable) is logged, and the next one tries again. The loop
 * of the in-process jobs and of `npm run worker`.
 */
export async function runLakeExportLoop(db: Database, store: BlobStore, options: LakeExportLoopOptions): Promise<void> {
  const { signal, everyMs = LAKE_EXPORT_EVERY_MS, budgetMs = LAKE_EXPORT_BUDGET_MS, batchSize, now = () => new Date(), onRun = logLakeStep } = options;
  let sweptAt = -Infinity;
  while (!signal.aborted) {
    try {
      const sweep = performance.now() - sweptAt >= LAKE_SWEEP_EVERY_MS;
      onRun(await runLakeStep(db, store, { now: now(), budgetMs, signal, batchSize, sweep }));
      if (sweep) sweptAt = performance.now();
    } catch (error) {
      console.error("[jobs] the lake run failed; it is retried at the next", error);
    }
    try {
      await sleep(everyMs, undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}

/** One line per run that did something; failures are logged where they happen. */
export function logLakeStep(step: LakeStep): void {
  const { compaction } = step;
  if (step.rows === 0 && compaction.compacted.length === 0 && step.rollupsWritten === 0 && compaction.failed.length === 0 && step.garbageDeleted === 0 && !step.failed && !step.outOfTime) return;
  const parts = [`${step.rows} events in ${step.files} micro files`, `merged ${compaction.compacted.length} groups`];
  if (step.rollupsWritten > 0) parts.push(`wrote ${step.rollupsWritten} day rollups`);
  if (compaction.failed.length > 0) parts.push(`${compaction.failed.length} merges failed`);
  if (step.failed) parts.push("a micro-batch failed");
  if (step.garbageDeleted > 0) parts.push(`deleted ${step.garbageDeleted} replaced blobs`);
  if (step.outOfTime) parts.push("more left for the next run");
  parts.push(`${(step.lagMs / 1000).toFixed(1)} s behind the log`);
  console.log(`[lake] ${parts.join(", ")}`);
}
