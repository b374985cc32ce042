import { UAParser } from "ua-parser-js";
import { bytesToHex } from "@/lib/encoding/bytes-to-hex";

/** Request-level facts every event of a batch shares. */
export interface RequestContext {
  userAgent: string;
  ip: string;
  country?: string;
  region?: string;
  city?: string;
}

export interface ParsedAgent {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: "desktop" | "mobile" | "tablet";
}

/** Browser, OS and device class of a user agent. */
export function parseUserAgent(userAgent: string): ParsedAgent {
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  return {
    browser: result.browser.name ?? null,
    browserVersion: result.browser.major ?? null,
    os: result.os.name ?? null,
    osVersion: result.os.version ?? null,
    // ua-parser leaves the type unset for desktops; smart TVs and consoles count as desktop too.
    deviceType: type === "mobile" || type === "tablet" ? type : type === "wearable" ? "mobile" : "desktop",
  };
}

export interface PageFacts {
  hostname: string;
  path: string;
  referrer: string | null;
  referrerHost: string | null;
  utm: { source: string | null; medium: string | null; campaign: string | null; term: string | null; content: string | null };
}

/** Split the page URL and referrer into the dimensions the dashboard breaks down by. */
export function pageFacts(url: string, referrer: string | undefined): PageFacts {
  const page = new URL(url);
  const param = (name: string) => storable(page.searchParams.get(`utm_${name}`)?.slice(0, 256) ?? "") || null;
  let referrerHost: string | null = null;
  let keptReferrer: string | null = null;
  if (referrer) {
    try {
      const ref = new URL(referrer);
      // A referrer from the site itself is navigation, not a traffic source.
      if (ref.hostname !== page.hostname) {
        referrerHost = ref.hostname.replace(/^www\./, "");
        keptReferrer = `${ref.origin}${ref.pathname}`;
      }
    } catch {
      // Not a URL (some apps send garbage): no source rather than a wrong one.
    }
  }
  return {
    hostname: page.hostname,
    path: decodePath(page.pathname),
    referrer: keptReferrer,
    referrerHost,
    utm: { source: param("source"), medium: param("medium"), campaign: param("campaign"), term: param("term"), content: param("content") },
  };
}

function decodePath(pathname: string): string {
  try {
    return storable(decodeURI(pathname));
  } catch {
    return pathname; // not valid percent-encoding: keep it as sent (it is plain ASCII)
  }
}

/**
 * Decoding can yield what Postgres cannot store or give back (%00 becomes
 * U+0000; a leading %EF%BB%BF a byte-order mark PGlite drops): remove them.
 */
function storable(text: string): string {
  return text.replaceAll("\u0000", "").replace(/^\ufeff/, "");
}

/**
 * The anonymous visitor id: SHA-256 of (the salt of a day, site, IP, user
 * agent). Each day has its own salt, destroyed after two days, so ids cannot
 * be joined across days, and the IP never leaves this function.
 */
export async function visitorId(salt: string, siteId: string, ip: string, userAgent: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}\n${siteId}\n${ip}\n${userAgent}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  // 16 bytes are plenty to keep visitors apart within one site and day.
  return bytesToHex(digest.subarray(0, 16));
}
