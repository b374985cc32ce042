/**
 * The script tag build of the tracker: build-tracker.ts bundles it into
 * public/s.js, which site owners embed as
 *   <script defer src="https://APP/s.js" data-site="PUBLIC_KEY"></script>
 * It hands its tag's data- attributes to start-tracker.ts (the implementation
 * it shares with the ES module) and defines `window.inlet`, nothing else.
 * Link clicks are an extension (clicks.ts -> public/s.clicks.js), loaded only
 * for a tag with data-outbound or data-downloads.
 */
import { startTracker, type Inlet, type LinkClickAttributes, type TrackerAttributes } from "./start-tracker";

/** The page as we find it: maybe the site's stub, `function(){(inlet.q = inlet.q || []).push(arguments)}`, whose `q` holds calls made before we loaded. */
type Page = { inlet?: Inlet & { q?: Parameters<Inlet>[] } };

const script = document.currentScript as HTMLScriptElement;
const data = script.dataset as Omit<TrackerAttributes, "api"> & LinkClickAttributes;
const inlet = startTracker({
  api: new URL("/api/collect", script.src),
  // data-api, when present, overrides the default.
  ...data,
});

const early = (window as Page).inlet?.q || [];
(window as Page).inlet = inlet;
// Queued identify calls first, so the first pageview carries the user; then
// every queued call in order (identify again, so events queued between two
// identify calls carry the right user).
for (const args of early) if (args[0] == "identify") inlet(...args);
inlet();
for (const args of early) inlet(...args);

// Only sites that ask for link clicks load their code: s.clicks.js next to
// this script (wherever the site serves it from), which finds this tag by its
// data-outbound or data-downloads and sends through window.inlet, set above.
// Its src is set once it is in the page, which loads it all the same.
if ((data.outbound ?? data.downloads) != null) {
  document.head.appendChild(document.createElement("script")).src = new URL("s.clicks.js", script.src) + "";
}
