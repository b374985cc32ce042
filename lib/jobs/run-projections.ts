import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@/lib/db";
import { hasReached, logHead, projectBatch, projectionLag, type Projection, type ProjectionLag } from "@/lib/projections";

/** How long a runner waits before looking at the log again once it has read it all. */
const IDLE_POLL_MS = 1_000;

export interface ProjectionRound {
  /** Events applied per projection. */
  applied: Record<string, number>;
  /** Projections whose batch threw (logged); they are retried next round. */
  failed: string[];
}

/** One batch for each projection. A projection that throws is logged and does not stop the others. */
async function projectEachOnce(db: Database, projections: readonly Projection[], batchSize?: number): Promise<ProjectionRound> {
  const round: ProjectionRound = { applied: {}, failed: [] };
  for (const projection of projections) {
    try {
      round.applied[projection.name] = await projectBatch(db, projection, batchSize);
    } catch (error) {
      console.error(`[jobs] projection ${projection.name} failed; it will be retried`, error);
      round.applied[projection.name] = 0;
      round.failed.push(projection.name);
    }
  }
  return round;
}

export interface ProjectionLoopOptions {
  /** Aborting stops the loop once the batch in flight has committed. */
  signal: AbortSignal;
  batchSize?: number;
  idleMs?: number;
  /** Called with every projection's lag, at most once per `lagEveryMs`. */
  onLag?: (lag: ProjectionLag[]) => void;
  lagEveryMs?: number;
}

/**
 * Keep every projection caught up with the log until `signal` aborts: batch
 * after batch while there is work, a poll every `idleMs` once there is none
 * (or after a failure, so a database outage is not hammered). The loop of
 * `npm run worker` and of the embedded default's in-process jobs.
 */
export async function runProjectionLoop(db: Database, projections: readonly Projection[], options: ProjectionLoopOptions): Promise<void> {
  const { signal, batchSize, idleMs = IDLE_POLL_MS, onLag, lagEveryMs = 30_000 } = options;
  let lagReportedAt = -Infinity;
  while (!signal.aborted) {
    const round = await projectEachOnce(db, projections, batchSize);
    if (onLag && performance.now() - lagReportedAt >= lagEveryMs) {
      lagReportedAt = performance.now();
      try {
        onLag(await projectionLag(db, projections));
      } catch (error) {
        console.error("[jobs] could not measure projection lag", error);
      }
    }
    const applied = Object.values(round.applied).reduce((sum, count) => sum + count, 0);
    if (applied === 0 || round.failed.length > 0) await sleepUnlessAborted(idleMs, signal);
  }
}

export interface BudgetedRun extends ProjectionRound {
  /** Time ran out while some projection still had work. */
  outOfTime: boolean;
}

/**
 * Run rounds of batches until every projection has applied the events
 * committed before the call, or `budgetMs` has passed (checked between
 * rounds: a round already started finishes). What a cron-triggered request
 * does with its time.
 */
export async function projectWithinBudget(
  db: Database,
  projections: readonly Projection[],
  options: { budgetMs: number; batchSize?: number },
): Promise<BudgetedRun> {
  const deadline = performance.now() + options.budgetMs;
  const result: BudgetedRun = { applied: Object.fromEntries(projections.map((p) => [p.name, 0])), failed: [], outOfTime: false };
  const head = await logHead(db);
  let pending = head ? [...projections] : [];
  while (pending.length > 0 && performance.now() < deadline) {
    const round = await projectEachOnce(db, pending, options.batchSize);
    for (const [name, count] of Object.entries(round.applied)) result.applied[name]! += count;
    result.failed.push(...round.failed);
    const next: Projection[] = [];
    for (const projection of pending) {
      if (round.failed.includes(projection.name)) continue; // logged; the next run retries
      if (round.applied[projection.name]! > 0 || !(await hasReached(db, projection, head!))) next.push(projection);
    }
    // Nothing applied but not there yet: an older transaction, or another runner, is still at work.
    if (next.length > 0 && next.every((projection) => round.applied[projection.name] === 0)) await sleep(20);
    pending = next;
  }
  result.outOfTime = pending.length > 0;
  return result;
}

async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
