import { buildTracker, buildTrackerClicks, buildTrackerModule, TRACKER_GZIP_BUDGET } from "../../../edge/tracker/build-tracker";
import type { BenchSuite } from "../suite";

/**
 * What the tracker costs to download: the script tag build (public/s.js,
 * held to the gzip budget; `gzip_bytes` and `brotli_bytes` are its), its link
 * clicks extension (public/s.clicks.js, which only tags with data-outbound or
 * data-downloads load) and the ES module, minified, gzipped (level 9) and
 * brotli'd (quality 11). Deterministic, so one run is the measurement.
 */
export const sdk: BenchSuite = {
  name: "sdk",
  description: "tracker sizes: the script (public/s.js, gzip budget), its clicks extension (public/s.clicks.js) and the ES module, raw/gzip/brotli",
  params: {},
  async run() {
    const [script, clicks, esModule] = await Promise.all([buildTracker(), buildTrackerClicks(), buildTrackerModule()]);
    return {
      raw_bytes: script.bytes,
      gzip_bytes: script.gzipBytes,
      brotli_bytes: script.brotliBytes,
      gzip_budget_bytes: TRACKER_GZIP_BUDGET,
      gzip_headroom_bytes: TRACKER_GZIP_BUDGET - script.gzipBytes,
      clicks_raw_bytes: clicks.bytes,
      clicks_gzip_bytes: clicks.gzipBytes,
      clicks_brotli_bytes: clicks.brotliBytes,
      module_raw_bytes: esModule.bytes,
      module_gzip_bytes: esModule.gzipBytes,
      module_brotli_bytes: esModule.brotliBytes,
    };
  },
};
