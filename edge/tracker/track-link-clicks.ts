/**
 * Link clicks (outbound links, file downloads): not in the core script, so
 * that only sites that opt in pay their bytes. The script tag build loads
 * them as the extension `s.clicks.js` (clicks.ts) when its tag has
 * data-outbound or data-downloads; the module calls this directly.
 */
import type { LinkClickAttributes, Props } from "./start-tracker";

/**
 * Sends `download` for clicks on links to files (any host) and, with
 * `outbound`, `outbound` for clicks on links to another hostname, each with
 * `{ url }`, through `track` (the core's `inlet`).
 */
export function trackLinkClicks(data: LinkClickAttributes, track: (name: string, props: Props) => void): void {
  /** The wire's longest prop value: a longer link would get the event rejected. */
  const MAX_PROP_LENGTH = 512;

  const extensions = data.downloads != null && (data.downloads || "pdf,zip,dmg,exe,csv,xlsx,docx,mp4,mp3").split(",");
  /** A click that may leave the page (middle-click opens a tab): a download, or a link to another host. */
  const onClick = ({ target, button }: MouseEvent) => {
    // The target may be no element (a click dispatched on document), the link
    // an SVG one (no pathname).
    const link = (target as Element).closest?.("a");
    const name =
      // Right-click opens a menu; other buttons do not follow links.
      !link?.pathname || button > 1
        ? ""
        : extensions && extensions.includes(link.pathname.split(".").pop()!)
          ? "download"
          : // A link without a host (mailto:, tel:, javascript:, no href) leaves nowhere.
            data.outbound != null && link.host && link.hostname != location.hostname
            ? "outbound"
            : "";
    if (name) track(name, { url: link!.href.slice(0, MAX_PROP_LENGTH) });
  };
  addEventListener("click", onClick);
  addEventListener("auxclick", onClick);
}
