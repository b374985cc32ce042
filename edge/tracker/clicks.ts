/**
 * The link clicks extension, built into public/s.clicks.js. The core script
 * (tracker.ts) adds it to the page, from next to its own URL, only when its
 * tag has data-outbound or data-downloads; this finds that tag by those
 * attributes to read its options (the core spends no bytes passing them). It
 * sends through `window.inlet`, which the core defined before adding it (a
 * no-op when the visitor opted out), and defines nothing.
 */
import type { Inlet, LinkClickAttributes } from "./start-tracker";
import { trackLinkClicks } from "./track-link-clicks";

const tag = document.querySelector<HTMLScriptElement>("script[data-outbound],script[data-downloads]");
if (tag) trackLinkClicks(tag.dataset as LinkClickAttributes, (name, props) => (window as { inlet?: Inlet }).inlet!(name, props));
