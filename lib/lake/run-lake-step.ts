import "server-only";
import type { Database } from "@/lib/db";
import type { BlobStore } from "./blob-store";
import { compactLake, type CompactionRun } from "./compact-lake";
import { writeMissingDayRollups } from "./day-rollup-files";
import { exportMicroBatch, MICRO_BATCH_ROWS, type MicroBatch } from "./export-micro-batch";
import { lakeLagMs } from "./lake-checkpoint";
import { collectLakeGarbage, sweepUnlistedBlobs } from "./lake-garbage";
import { retireHotDays } from "./retire-hot-days";

export interface LakeStepOptions {
  /** The clock compaction's closed-day and closed-month tests use. */
  now: Date;
  /** Micro-batches, then merges, start only within this many ms; the one in flight finishes. */
  budgetMs: number;
  signal?: AbortSignal;
  batchSize?: number;
  /** Also look for blobs nobody lists (lists the whole store: run it rarely). */
  sweep?: boolean;
  openDayMicroFiles?: number;
  /** Called after each micro-batch commits. */
  onBatch?: (batch: MicroBatch) => void;
}

export interface LakeStep {
  /** Micro-batches committed, and the events and files they wrote. */
  batches: number;
  rows: number;
  files: number;
  /** Another runner was writing micro-batches: this step wrote none. */
  busy: boolean;
  compaction: CompactionRun;
  /** Closed files given their day rollup (day-rollup-files.ts). */
  rollupsWritten: number;
  /** A micro-batch that threw (logged); the checkpoint stayed, the next step retries it. */
  failed: string | null;
  /** Local days whose rows left the log after their lake files were verified, and how many rows. */
  retiredDays: number;
  retiredRows: number;
  garbageDeleted: number;
  unlistedFound: number;
  outOfTime: boolean;
  /** Age of the oldest event not yet in a listed file, after the step. */
  lagMs: number;
}

/**
 * One round of the lake's background work: micro-batches until the lake
 * has every event below the oldest running transaction (or the budget is
 * spent), then merges of small files, then day rollups of the closed files
 * that lack one, then retiring the hot rows of days
 * past each site's hot window that the lake verifiably holds
 * (retire-hot-days.ts), then deleting blobs whose time has come. What the in-process jobs and the worker do every minute, and the cron
 * route on each call.
 */
export async function runLakeStep(db: Database, store: BlobStore, options: LakeStepOptions): Promise<LakeStep> {
  const started = performance.now();
  const left = () => options.budgetMs - (performance.now() - started);
  const step: LakeStep = { batches: 0, rows: 0, files: 0, busy: false, compaction: { compacted: [], failed: [], remaining: 0, outOfTime: false }, rollupsWritten: 0, failed: null, retiredDays: 0, retiredRows: 0, garbageDeleted: 0, unlistedFound: 0, outOfTime: false, lagMs: 0 };
  try {
    while (!options.signal?.aborted) {
      if (left() <= 0) {
        step.outOfTime = true;
        break;
      }
      const batch = await exportMicroBatch(db, store, options.batchSize ?? MICRO_BATCH_ROWS);
      if (batch === "busy") {
        step.busy = true;
        break;
      }
      if (batch.rows === 0) break;
      options.onBatch?.(batch);
      step.batches++;
      step.rows += batch.rows;
      step.files += batch.files.length;
    }
  } catch (error) {
    console.error("[lake] a micro-batch failed; the lake's checkpoint stays and the next run retries it", error);
    step.failed = error instanceof Error ? error.message : String(error);
  }
  if (!options.signal?.aborted) {
    step.compaction = await compactLake(db, store, { now: options.now, budgetMs: Math.max(0, left()), signal: options.signal, openDayMicroFiles: options.openDayMicroFiles });
    step.outOfTime ||= step.compaction.outOfTime;
  }
  if (!options.signal?.aborted && !step.outOfTime) {
    const rollups = await writeMissingDayRollups(db, store, { now: options.now, budgetMs: Math.max(0, left()), signal: options.signal });
    step.rollupsWritten = rollups.written;
    step.outOfTime ||= rollups.outOfTime;
  }
  if (!options.signal?.aborted && !step.outOfTime) {
    try {
      const retired = await retireHotDays(db, store, { now: options.now, budgetMs: Math.max(0, left()), signal: options.signal });
      step.retiredDays = retired.retired.length;
      step.retiredRows = retired.retired.reduce((sum, day) => sum + day.rows, 0);
      step.outOfTime ||= retired.outOfTime;
    } catch (error) {
      console.error("[lake] retiring hot rows failed; they stay in the log and the next run retries", error);
    }
  }
  try {
    step.garbageDeleted = await collectLakeGarbage(db, store);
    if (options.sweep) step.unlistedFound = await sweepUnlistedBlobs(db, store);
  } catch (error) {
    console.error("[lake] deleting replaced or unlisted blobs failed; the next run retries", error);
  }
  step.lagMs = await lakeLagMs(db);
  return step;
}
