import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type OpenOptions } from "@/lib/db";
import { Random } from "@/lib/seed/random";
import { bundleChildScript } from "@/lib/testing/bundle-child-script";
import { freshDatabase, type TestDatabase } from "@/lib/testing/databases";
import { appendTraffic, prepareSites } from "@/lib/testing/projection-fixtures";
import { LocalBlobStore } from "./local-blob-store";
import { listedEvents, logEvents } from "./testing/lake-contents";

// The pattern of lib/projections/kill-recovery.test.ts, for the lake: a
// runner (lib/lake/testing/lake-loop-child.ts) writes micro-batches and
// merges them (open days, closed days, an ended month) into a local blob
// folder while the test appends events, and is SIGKILLed at random moments.

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Small batches: many commits, so kills land between and inside them. */
const BATCH_SIZE = 40;
/** The clock the runners merge by: January has ended long enough for a monthly file, February 11 is closed, 12 open. */
const NOW = "2026-02-12T12:00:00Z";
const KILLS = 10;

let runnerScript: string;
let database: TestDatabase | undefined;
let lakeRoot: string;
beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  runnerScript = await bundleChildScript("lib/lake/testing/lake-loop-child.ts", "inlet-lake-kill-");
  database = await freshDatabase({ driver: "pg", url: process.env.TEST_DATABASE_URL });
  lakeRoot = fs.mkdtempSync(path.join(os.tmpdir(), "inlet-lake-kill-"));
});
afterAll(async () => {
  await database?.close();
  if (runnerScript) fs.rmSync(path.dirname(runnerScript), { recursive: true, force: true });
  if (lakeRoot) fs.rmSync(lakeRoot, { recursive: true, force: true });
});

interface Runner {
  start(): Promise<void>;
  exited: Promise<number | null>;
  kill(): boolean;
  /** Micro-batches and merging steps it reported committed. */
  commits(): number;
  output(): string;
}

/** Spawn the runner; it loads at once and opens the database on start(), so the next one loads while this one works. */
function spawnRunner(open: OpenOptions): Runner {
  const child = spawn(process.execPath, ["--conditions=react-server", runnerScript, JSON.stringify({ open, root: lakeRoot, now: NOW, batchSize: BATCH_SIZE })], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const loaded = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => /^loaded$/m.test(output) && resolve());
    void exited.then(() => reject(new Error(`runner exited before loading:\n${output}`)));
  });
  loaded.catch(() => {});
  return {
    async start() {
      await loaded;
      child.stdin.end("go\n");
    },
    exited,
    kill: () => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"),
    commits: () => output.split("\n").filter((line) => /^(batch \+|merged )/.test(line)).length,
    output: () => output,
  };
}

describe.runIf(process.env.TEST_DATABASE_URL)("kill -9 while writing and merging the lake [postgres]", () => {
  it(`recovers from ${KILLS} kills at random moments: every event of the log in exactly one listed file`, async () => {
    const { db, url } = database!;
    const sites = await prepareSites(db, "lake-kill");
    // Late January to February 2: a month to merge into a monthly file, closed days for daily ones.
    await appendTraffic(db, sites, { events: 1_200, seed: 1, end: new Date("2026-02-03T00:00:00Z"), days: 6, perTransaction: 30 });
    const open: OpenOptions = { driver: "pg", url: url!, max: 3 };
    const random = new Random(7);
    const history: string[] = [];
    let next = spawnRunner(open);
    try {
      for (let round = 0, kills = 0; kills < KILLS; round++) {
        expect(round, history.join("\n")).toBeLessThan(KILLS * 2);
        const runner = next;
        await runner.start();
        next = spawnRunner(open);
        // The kill lands after 0, 1 or 2 reported commits and a random moment more: at
        // points of the runner's own progress, so a slow machine (a busy CI) moves them
        // later in time but not earlier in the work.
        const afterCommits = random.int(3);
        const delay = random.int(600);
        // Events keep arriving while it works: today's (an open day) and late ones for January.
        const during = appendTraffic(db, sites, { events: 90, seed: 100 + round, perTransaction: 15, end: new Date(round % 3 === 2 ? "2026-01-31T00:00:00Z" : "2026-02-12T12:00:00Z"), days: 2 });
        for (let waited = 0; runner.commits() < afterCommits && waited < 30_000 && (await Promise.race([runner.exited.then(() => false), sleep(20).then(() => true)])); waited += 20);
        await sleep(delay);
        const killed = runner.kill();
        await during;
        const code = await runner.exited;
        if (killed) kills++;
        else expect(code, runner.output()).toBe(0);
        history.push(`runner ${round}: ${killed ? `killed ${delay} ms after its commit ${afterCommits}` : `finished (exit ${code})`}, ${runner.commits()} commits reported`);
      }
      await next.start();
      expect(await next.exited, `${history.join("\n")}\n${next.output()}`).toBe(0);
    } finally {
      next.kill();
    }
    expect(history.filter((line) => /killed .* [1-9]\d* commits/.test(line)).length, history.join("\n")).toBeGreaterThanOrEqual(KILLS / 3);

    const store = new LocalBlobStore(lakeRoot, () => "unused-secret-0123456789-0123456789");
    // None lost, none twice: the listed files' events are the log's, as a multiset.
    const log = await logEvents(db, sites);
    expect(log.length).toBeGreaterThan(2_000);
    expect(await listedEvents(db, store, sites)).toEqual(log);
    // Every kind was written, and the open day's, closed days' and month's merges happened.
    const kinds = await queryRows<{ kind: string }>(db, sql`SELECT DISTINCT kind FROM lake_files ORDER BY kind`);
    expect(kinds.map(({ kind }) => kind)).toEqual(expect.arrayContaining(["daily", "monthly"]));
    // No blob the manifest lists is waiting for deletion.
    expect(await queryRows(db, sql`SELECT g.key FROM lake_garbage g JOIN lake_files f ON f.key = g.key`)).toEqual([]);
  }, 120_000);
});
