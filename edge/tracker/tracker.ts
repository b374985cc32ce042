/**
 * The script tag build of the tracker: build-tracker.ts bundles it into
 * public/s.js, which site owners embed as
 *   <script defer src="https://APP/s.js" data-site="PUBLIC_KEY"></script>
 * It hands its tag's data- attributes to start-tracker.ts (the implementation
 * it shares with the ES module) and defines `window.inlet`, nothing else.
 */
import { startTracker, type Inlet, type TrackerAttributes } from "./start-tracker";

/** The page as we find it: maybe the site's stub, `function(){(inlet.q = inlet.q || []).push(arguments)}`, whose `q` holds calls made before we loaded. */
type Page = { inlet?: Inlet & { q?: Parameters<Inlet>[] } };

const script = document.currentScript as HTMLScriptElement;
const inlet = startTracker({
  api: new URL("/api/collect", script.src),
  // data-api, when present, overrides the default.
  ...(script.dataset as Omit<TrackerAttributes, "api">),
});

const early = (window as Page).inlet?.q || [];
(window as Page).inlet = inlet;
// Queued identify calls first, so the first pageview carries the user; then
// every queued call in order (identify again, so events queued between two
// identify calls carry the right user).
for (const args of early) if (args[0] == "identify") inlet(...args);
inlet();
for (const args of early) inlet(...args);
