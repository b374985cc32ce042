/**
 * `npm run build:tracker`: writes the tracker snippet to public/s.js and
 * prints its sizes, and the ES module's for comparison. Exits non-zero above
 * the script's gzip budget so a regression stops `npm run build` rather than
 * shipping.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildTracker, buildTrackerModule, TRACKER_GZIP_BUDGET, type TrackerBuild } from "../edge/tracker/build-tracker";

const outFile = fileURLToPath(new URL("../public/s.js", import.meta.url));

const [tracker, esModule] = await Promise.all([buildTracker(), buildTrackerModule()]);
await mkdir(fileURLToPath(new URL("../public/", import.meta.url)), { recursive: true });
await writeFile(outFile, tracker.code);

const sizes = (build: TrackerBuild) => `${build.bytes} B  gzip ${build.gzipBytes} B  brotli ${build.brotliBytes} B`;
console.log(`public/s.js  ${sizes(tracker)}  (gzip budget ${TRACKER_GZIP_BUDGET} B)`);
console.log(`ES module    ${sizes(esModule)}  (not written; no budget)`);
if (tracker.gzipBytes > TRACKER_GZIP_BUDGET) {
  console.error(`public/s.js is ${tracker.gzipBytes - TRACKER_GZIP_BUDGET} B over the gzip budget.`);
  process.exitCode = 1;
}
