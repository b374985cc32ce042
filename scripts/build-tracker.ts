/**
 * `npm run build:tracker`: writes the tracker snippet to public/s.js and
 * prints its sizes. Exits non-zero above the gzip budget so a regression
 * stops `npm run build` rather than shipping.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildTracker, TRACKER_GZIP_BUDGET } from "../edge/tracker/build-tracker";

const outFile = fileURLToPath(new URL("../public/s.js", import.meta.url));

const tracker = await buildTracker();
await mkdir(fileURLToPath(new URL("../public/", import.meta.url)), { recursive: true });
await writeFile(outFile, tracker.code);

console.log(
  `public/s.js  ${tracker.bytes} B  gzip ${tracker.gzipBytes} B  brotli ${tracker.brotliBytes} B  (gzip budget ${TRACKER_GZIP_BUDGET} B)`,
);
if (tracker.gzipBytes > TRACKER_GZIP_BUDGET) {
  console.error(`public/s.js is ${tracker.gzipBytes - TRACKER_GZIP_BUDGET} B over the gzip budget.`);
  process.exitCode = 1;
}
