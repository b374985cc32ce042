/**
 * A lake runner to kill: lib/lake/lake-kill-recovery.test.ts bundles it,
 * runs it with `node --conditions=react-server`, SIGKILLs it at random
 * moments and starts it again. Argument: JSON `{ open, root, now, batchSize }`
 * (the database, the local blob folder, the clock compaction uses).
 *
 * Protocol on stdout, as lib/testing/catch-up-child.ts: "loaded", then it
 * waits for a line on stdin, opens the database, prints "ready", a line
 * "batch +<events>" after each committed micro-batch, "merged <groups>"
 * after each step that merged files, and
 * "done" once the lake holds the whole log and nothing is left to merge.
 */
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase, type OpenOptions } from "@/lib/db";
import { findCompactionGroups } from "../compact-lake";
import { LocalBlobStore } from "../local-blob-store";
import { runLakeStep } from "../run-lake-step";

const OPEN_DAY_MICRO_FILES = 3;
const { open, root, now, batchSize } = JSON.parse(process.argv[2]!) as { open: OpenOptions; root: string; now: string; batchSize: number };
process.stdout.write("loaded\n");
await once(process.stdin, "data");
process.stdin.pause();
const handle = await openDatabase(open);
const store = new LocalBlobStore(root, () => "a-secret-the-runner-never-signs-with-0123456789");
process.stdout.write("ready\n");
for (;;) {
  const onBatch = (batch: { rows: number }) => process.stdout.write(`batch +${batch.rows}\n`); // synchronous on a pipe: a printed batch has committed
  const step = await runLakeStep(handle.db, store, { now: new Date(now), budgetMs: 60_000, batchSize, openDayMicroFiles: OPEN_DAY_MICRO_FILES, onBatch });
  const merged = step.compaction.compacted.length;
  if (merged > 0) process.stdout.write(`merged ${merged}\n`);
  // A killed predecessor's claim may linger for a moment (its work is then skipped): done only when nothing is left.
  const idle = step.rows === 0 && !step.busy && !step.failed && step.compaction.failed.length === 0 && step.lagMs === 0;
  if (idle && (await findCompactionGroups(handle.db, new Date(now), OPEN_DAY_MICRO_FILES)).length === 0) break;
  if (step.rows === 0 && merged === 0) await sleep(20);
}
await handle.close();
process.stdout.write("done\n");
