/**
 * `npm run build:tracker`: writes the tracker scripts to public/ (gitignored,
 * so this writes every file the tag needs: s.js and its link clicks extension
 * s.clicks.js) and prints their sizes, and the ES module's for comparison.
 * Exits non-zero above the core script's gzip budget so a regression stops
 * `npm run build` rather than shipping.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  buildTracker,
  buildTrackerClicks,
  buildTrackerModule,
  TRACKER_GZIP_BUDGET,
  type TrackerBuild,
} from "../edge/tracker/build-tracker";

const publicDir = new URL("../public/", import.meta.url);

const [tracker, clicks, esModule] = await Promise.all([buildTracker(), buildTrackerClicks(), buildTrackerModule()]);
await mkdir(fileURLToPath(publicDir), { recursive: true });
// s.js loads s.clicks.js from next to itself: the names go together.
await writeFile(fileURLToPath(new URL("s.js", publicDir)), tracker.code);
await writeFile(fileURLToPath(new URL("s.clicks.js", publicDir)), clicks.code);

const sizes = (build: TrackerBuild) => `${build.bytes} B  gzip ${build.gzipBytes} B  brotli ${build.brotliBytes} B`;
console.log(`public/s.js         ${sizes(tracker)}  (gzip budget ${TRACKER_GZIP_BUDGET} B)`);
console.log(`public/s.clicks.js  ${sizes(clicks)}  (loaded only with data-outbound or data-downloads; no budget)`);
console.log(`ES module           ${sizes(esModule)}  (not written; no budget)`);
if (tracker.gzipBytes > TRACKER_GZIP_BUDGET) {
  console.error(`public/s.js is ${tracker.gzipBytes - TRACKER_GZIP_BUDGET} B over the gzip budget.`);
  process.exitCode = 1;
}
