/**
 * A projection runner to kill: lib/projections/kill-recovery.test.ts bundles
 * it, runs it with `node --conditions=react-server`, SIGKILLs it at random
 * moments and starts it again (`node --conditions=react-server --import tsx`
 * runs it unbundled). Argument: JSON `{ "open": OpenOptions, "batchSize": n }`.
 *
 * Protocol on stdout: "loaded" once the code is loaded; then it waits for a
 * line on stdin (so the parent can start the next runner early and still
 * choose when it touches the database), opens the database, prints "ready",
 * a line "<projection> +<events>" after each committed batch, and "done"
 * once no projection lags.
 */
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase, type OpenOptions } from "@/lib/db";
import { projectBatch, projectionLag, projections } from "@/lib/projections";

const { open, batchSize } = JSON.parse(process.argv[2]!) as { open: OpenOptions; batchSize: number };
process.stdout.write("loaded\n");
await once(process.stdin, "data");
process.stdin.pause();
const handle = await openDatabase(open);
process.stdout.write("ready\n");
const list = Object.values(projections);
for (;;) {
  let applied = 0;
  for (const projection of list) {
    let batch: number;
    while ((batch = await projectBatch(handle.db, projection, batchSize)) > 0) {
      applied += batch;
      process.stdout.write(`${projection.name} +${batch}\n`); // synchronous on a pipe: a printed batch has committed
    }
  }
  // A killed predecessor's connection may hold a checkpoint lock for a moment
  // (the batch is then skipped): done only when the lag says so.
  if (applied === 0 && (await projectionLag(handle.db, list)).every((lag) => lag.oldestUnprojectedAt === null)) break;
  if (applied === 0) await sleep(20);
}
await handle.close();
process.stdout.write("done\n");
