import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, queryRows, type DatabaseHandle, type OpenOptions } from "@/lib/db";
import { Random } from "@/lib/seed/random";
import { bundleChildScript } from "@/lib/testing/bundle-child-script";
import { freshDatabase, type TestDatabase } from "@/lib/testing/databases";
import { appendTraffic, expectReadModelsMatchLog, prepareSites } from "@/lib/testing/projection-fixtures";
import { projections } from ".";

// Alone on two cores the Postgres case takes ~12 s and PGlite's ~25 s; the
// timeouts leave room for a loaded machine.

/** Small batches: many checkpoints, so kills land between and inside them. */
const BATCH_SIZE = 25;
const ROOT = path.resolve(import.meta.dirname, "../..");

// The runner, bundled once: a Node process that loads the TypeScript through
// tsx takes ~2 s of CPU to start, the bundle ~0.3 s, and the test starts
// dozens. Packages stay external, resolved from node_modules next to the bundle.
let runnerScript: string;
beforeAll(async () => {
  runnerScript = await bundleChildScript("lib/testing/catch-up-child.ts", "inlet-kill-recovery-");
});
afterAll(() => {
  if (runnerScript) fs.rmSync(path.dirname(runnerScript), { recursive: true, force: true });
});

interface Runner {
  /** Let the loaded runner open the database and work. */
  start(): Promise<void>;
  exited: Promise<number | null>;
  /** SIGKILL; false if it had already exited. */
  kill(): boolean;
  /** Whether it had opened the database. */
  opened(): boolean;
  /** Resolves once it has committed a batch. */
  firstBatch: Promise<void>;
  /** Batches it reported committed. */
  batches(): number;
  output(): string;
}

/**
 * Spawn lib/testing/catch-up-child.ts. It loads its code at once but opens
 * the database only on `start()`, so the next runner loads while the current
 * one works.
 */
function spawnRunner(open: OpenOptions): Runner {
  const child = spawn(process.execPath, ["--conditions=react-server", runnerScript, JSON.stringify({ open, batchSize: BATCH_SIZE })], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const printed = (line: RegExp) => {
    const seen = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => line.test(output) && resolve());
      void exited.then(() => reject(new Error(`runner exited before printing ${line}:\n${output}`)));
    });
    seen.catch(() => {}); // a runner never started may die unheard; awaiting still sees it
    return seen;
  };
  const loaded = printed(/^loaded$/m);
  return {
    async start() {
      await loaded;
      child.stdin.end("go\n");
    },
    exited,
    kill: () => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"),
    opened: () => output.includes("ready\n"),
    firstBatch: printed(/ \+\d+$/m),
    batches: () => output.split("\n").filter((line) => / \+\d+$/.test(line)).length,
    output: () => output,
  };
}

interface KillOptions {
  /** Kills that must land on a live runner. */
  kills: number;
  seed: number;
  /** Each kill comes a random 0 to maxDelayMs after the runner is told to start... */
  maxDelayMs: number;
  /** ...or, in the rounds this picks, after its first committed batch. */
  afterFirstBatch?: (round: number) => boolean;
  /** Work to run alongside each runner. */
  during?: (round: number) => Promise<void>;
}

/**
 * Start runners one after another and SIGKILL each at a random moment
 * (opening or recovering the database, inside a batch, between batches)
 * until `kills` kills have landed on a live runner; then let one finish.
 * Returns a line per runner.
 */
async function killRepeatedly(open: OpenOptions, options: KillOptions): Promise<string[]> {
  const random = new Random(options.seed); // the moments vary with timing anyway; the draws replay
  const history: string[] = [];
  let next = spawnRunner(open);
  try {
    for (let round = 0, kills = 0; kills < options.kills; round++) {
      expect(round, `too few kills landed on a live runner:\n${history.join("\n")}`).toBeLessThan(options.kills * 2);
      const runner = next;
      await runner.start();
      next = spawnRunner(open);
      const afterFirstBatch = options.afterFirstBatch?.(round) ?? false;
      const delay = random.int(options.maxDelayMs);
      const kill = async () => {
        if (afterFirstBatch) await Promise.race([runner.firstBatch, runner.exited]);
        await sleep(delay);
        return runner.kill();
      };
      const [, killed] = await Promise.all([options.during?.(round), kill()]);
      const code = await runner.exited;
      if (killed) kills++;
      else expect(code, `runner ${round} failed:\n${runner.output()}`).toBe(0);
      const state = runner.opened() ? `${runner.batches()} batches committed` : "before the database was open";
      const when = `${delay} ms after ${afterFirstBatch ? "its first batch" : "start"}`;
      history.push(`runner ${round}: ${killed ? `killed ${when}` : `finished (exit ${code})`}, ${state}`);
    }
    await next.start();
    expect(await next.exited, `${history.join("\n")}\n${next.output()}`).toBe(0);
    history.push(`last runner: finished, ${next.batches()} batches committed`);
    return history;
  } finally {
    next.kill();
  }
}

/** Runners killed after committing at least one batch: kills that landed on real work. */
const killedWhileWorking = (history: string[]) => history.filter((line) => /killed .*, [1-9]\d* batches/.test(line)).length;

// The parent appends events while the runners work: only a server takes a
// second connection.
describe.runIf(process.env.TEST_DATABASE_URL)("kill -9 while projecting [postgres]", () => {
  const KILLS = 20;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase({ driver: "pg", url: process.env.TEST_DATABASE_URL! });
  });
  afterAll(async () => {
    await database?.close();
  });

  it(`recovers from ${KILLS} kills at random moments and counts every event once`, async () => {
    const { db, url } = database;
    const siteIds = await prepareSites(db, "kill");
    await appendTraffic(db, siteIds, { events: 3_000, seed: 1 });
    const history = await killRepeatedly(
      { driver: "pg", url: url!, max: 2 },
      {
        kills: KILLS,
        seed: 42,
        maxDelayMs: 600,
        // Events keep arriving, in transactions of their own.
        during: (round) => appendTraffic(db, siteIds, { events: 60, seed: 100 + round, perTransaction: 20 }),
      },
    );
    expect(killedWhileWorking(history), history.join("\n")).toBeGreaterThanOrEqual(KILLS / 2);
    await expectReadModelsMatchLog(db, Object.values(projections));
  }, 120_000);
});

// PGlite is single-process: the parent opens the directory only while no
// runner does. A runner takes 1-2 s to open it (recovering it after a kill).
describe("kill -9 while projecting [pglite on disk]", () => {
  const KILLS = 10;
  let dataDir: string;
  beforeAll(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "inlet-kill-")), "pglite");
  });
  afterAll(() => {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
    const handle = await openDatabase({ driver: "pglite", dataDir });
    try {
      return await work(handle);
    } finally {
      await handle.close();
    }
  }

  it(`recovers from ${KILLS} kills at random moments and counts every event once`, async () => {
    await withDatabase(async (handle) => {
      await migrateDatabase(handle);
      await appendTraffic(handle.db, await prepareSites(handle.db, "kill"), { events: 1_000, seed: 1 });
    });
    const history = await killRepeatedly(
      { driver: "pglite", dataDir },
      // Half the kills anywhere from the start (opening, recovering, the first batch), half while working.
      { kills: KILLS, seed: 43, maxDelayMs: 1_500, afterFirstBatch: (round) => round % 2 === 1 },
    );
    expect(killedWhileWorking(history), history.join("\n")).toBeGreaterThanOrEqual(KILLS / 2);
    await withDatabase(async ({ db }) => {
      // The log itself came through the kills whole, too.
      expect(await queryRows(db, sql`SELECT count(*)::int AS events FROM events`)).toEqual([{ events: 1_000 }]);
      await expectReadModelsMatchLog(db, Object.values(projections));
    });
  }, 120_000);
});
