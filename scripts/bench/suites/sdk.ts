import { buildTracker, buildTrackerModule, TRACKER_GZIP_BUDGET } from "../../../edge/tracker/build-tracker";
import type { BenchSuite } from "../suite";

/**
 * What the tracker costs to download: the script tag build (public/s.js,
 * held to the gzip budget) and the ES module, minified, gzipped (level 9) and
 * brotli'd (quality 11). Deterministic, so one run is the measurement.
 */
export const sdk: BenchSuite = {
  name: "sdk",
  description: "tracker sizes: the script (public/s.js, gzip budget) and the ES module, raw/gzip/brotli",
  params: {},
  async run() {
    const [script, esModule] = await Promise.all([buildTracker(), buildTrackerModule()]);
    return {
      raw_bytes: script.bytes,
      gzip_bytes: script.gzipBytes,
      brotli_bytes: script.brotliBytes,
      gzip_budget_bytes: TRACKER_GZIP_BUDGET,
      gzip_headroom_bytes: TRACKER_GZIP_BUDGET - script.gzipBytes,
      module_raw_bytes: esModule.bytes,
      module_gzip_bytes: esModule.gzipBytes,
      module_brotli_bytes: esModule.brotliBytes,
    };
  },
};
