import type { RawEvent } from "./sessionize";

let nextSeq = 1;

/**
 * A raw event for the reference's unit tests: a pageview of "/" by visitor
 * "v" with every optional column missing, unless `fields` says otherwise.
 * `seq` counts up across calls, as the log's would.
 */
export function makeEvent(fields: Partial<Omit<RawEvent, "ts">> & { ts: string | Date }): RawEvent {
  const seq = fields.seq ?? nextSeq++;
  return {
    siteId: "site",
    id: `event-${seq}`,
    name: "pageview",
    visitorId: "v",
    path: "/",
    referrer: null,
    referrerHost: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    country: null,
    region: null,
    city: null,
    browser: null,
    os: null,
    deviceType: null,
    screenWidth: null,
    props: null,
    ...fields,
    seq,
    ts: typeof fields.ts === "string" ? new Date(fields.ts) : fields.ts,
  };
}
