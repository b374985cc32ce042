import type { NewEventRow } from "@/lib/db/schema";
import { SESSION_GAP_MS } from "@/lib/query/dashboard-model";
import { utcOffsetMinutes } from "@/lib/query/reference/local-time";
import { hex32, Random, weightedTable, type WeightedTable } from "@/lib/seed/random";
import { seededUuidv7 } from "@/lib/seed/seeded-uuidv7";

/**
 * Small, nasty, seeded traffic for the dashboard's property test: few events,
 * but each one placed where the rules of lib/query/dashboard-model.ts are easy
 * to get wrong. Gaps sit on both sides of the 30-minute session boundary,
 * timestamps repeat, sites live in zones with half-hour offsets and around a
 * daylight-saving change, dimension values go missing or empty, and some
 * events arrive late: after projections have run, earlier than events already
 * projected, some of them merging two sessions into one.
 */

/** One events row as the generator makes it (`seq` and `tx` are the database's). */
export type TrafficEvent = Required<
  Pick<
    NewEventRow,
    | "siteId"
    | "id"
    | "name"
    | "ts"
    | "visitorId"
    | "hostname"
    | "path"
    | "referrer"
    | "referrerHost"
    | "utmSource"
    | "utmMedium"
    | "utmCampaign"
    | "utmTerm"
    | "utmContent"
    | "country"
    | "region"
    | "city"
    | "browser"
    | "os"
    | "deviceType"
    | "screenWidth"
    | "props"
  >
> & { props: Record<string, unknown> | null };

export interface TrafficSite {
  id: string;
  name: string;
  publicKey: string;
  timeZone: string;
  /** The instant the traffic crowds around: a daylight-saving change, or a local midnight where there is none. */
  anchor: Date;
}

export interface RandomTraffic {
  sites: TrafficSite[];
  /**
   * Batches to append in order, with projections caught up between them.
   * The first holds most events; the later ones hold late events, earlier
   * than events already appended.
   */
  appends: TrafficEvent[][];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const APPENDS = 3;

/** Zones every run has; one more is drawn from EXTRA_ZONES. */
const TRAFFIC_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide", "America/St_Johns"];
const EXTRA_ZONES = ["Asia/Kathmandu", "Pacific/Chatham", "America/Los_Angeles", "Europe/London"];
/** The year whose daylight-saving changes the traffic crowds around. */
const YEAR = 2026;

const TRAFFIC_PATHS = ["/", "/pricing", "/About", "/about", "/blog/why_inlet", "/docs/100%"];
export const CUSTOM_EVENTS = ["signup", "download", "click"];

// Dimension values, missing (null) and empty ("") ones included. Some carry
// LIKE wildcards, a backslash or a quote, which a `contains` filter must
// take literally.
const REFERRALS: readonly (readonly [string | null, string | null])[] = [
  [null, null],
  [null, null],
  [null, null],
  ["https://news.ycombinator.com/item", "news.ycombinator.com"],
  ["https://www.google.com/", "google.com"],
  ["https://t.co/abc", "t.co"],
  ["file:///home/me/page.html", ""],
];
const UTM_SOURCES = [null, null, null, null, null, "newsletter", "Twitter", ""];
const UTM_MEDIUMS = [null, null, null, null, "email", "social", ""];
const UTM_CAMPAIGNS = [null, null, null, null, "spring_sale", "50%off", "Launch"];
const UTM_TERMS = [null, null, null, null, null, "a\\b", "web analytics"];
const UTM_CONTENTS = [null, null, null, null, null, "hero", "Footer", ""];
const COUNTRIES = [null, "DE", "US", "IN", "AU", "CA", ""];
const REGIONS = [null, "BE", "NY", "SA", "NL", ""];
const CITIES = [null, "Berlin", "New York", "St. John's", "Adelaide", ""];
const BROWSERS = [null, "Chrome", "Firefox", "Safari", "Edge"];
const OSES = [null, "Windows", "Mac OS", "iOS", "Android", "Linux"];
const DEVICES = [null, "desktop", "mobile", "tablet"];
/** Widths on both sides of each screen class's edge. */
const SCREEN_WIDTHS = [null, 375, 575, 576, 991, 992, 1439, 1440, 2560];

/** Gaps between a visitor's consecutive events, crowded around the session boundary. */
const GAPS: WeightedTable<(random: Random) => number> = weightedTable<(random: Random) => number>([
  [() => 0, 8],
  [(random) => random.between(1, 5 * MINUTE), 30],
  [(random) => random.between(5 * MINUTE, 29 * MINUTE), 12],
  [() => SESSION_GAP_MS - 1, 4],
  [() => SESSION_GAP_MS, 8],
  [() => SESSION_GAP_MS + 1, 8],
  // Over the boundary by less than a bridge event's reach: see `bridges`.
  [(random) => random.between(SESSION_GAP_MS + 2, 2 * SESSION_GAP_MS), 12],
  [(random) => random.between(HOUR, 12 * HOUR), 10],
  [(random) => random.between(12 * HOUR, 3 * DAY), 4],
]);

const EVENTS_PER_VISITOR = weightedTable<[number, number]>([
  [[1, 1], 15],
  [[2, 4], 35],
  [[5, 12], 35],
  [[13, 25], 15],
]);

/** Random traffic for a handful of sites; the same seed gives the same traffic. */
export function randomTraffic(seed: number): RandomTraffic {
  const random = new Random(seed);
  const zones = [...TRAFFIC_ZONES, random.pick(EXTRA_ZONES)];
  const sites = zones.map((timeZone, index) => makeSite(random, timeZone, index));
  const appends: TrafficEvent[][] = Array.from({ length: APPENDS }, () => []);
  const sharedVisitors: string[] = [];
  for (const site of sites) {
    const visitors = random.between(20, 60);
    for (let index = 0; index < visitors; index++) {
      // A few visitor ids recur on other sites: sessions must not cross sites.
      const visitorId = sharedVisitors.length > 0 && random.chance(0.1) ? random.pick(sharedVisitors) : hex32(random.uint32()) + hex32(random.uint32());
      sharedVisitors.push(visitorId);
      placeVisitor(random, site, visitorId, appends);
    }
  }
  // Within a batch, arrival order is not time order.
  return { sites, appends: appends.map((batch) => shuffled(random, batch)) };
}

function makeSite(random: Random, timeZone: string, index: number): TrafficSite {
  const changes = daylightSavingChanges(timeZone, YEAR);
  // Without daylight saving, crowd around the local midnight between two months.
  const anchor = changes.length > 0 ? random.pick(changes) : localMidnight(timeZone, `${YEAR}-11-01T00:00:00Z`);
  const id = `${hex32(random.uint32())}-${hex32(random.uint32()).slice(0, 4)}-4${hex32(random.uint32()).slice(0, 3)}-8${hex32(random.uint32()).slice(0, 3)}-${hex32(random.uint32())}${hex32(random.uint32()).slice(0, 4)}`;
  return { id, name: `Site ${index} (${timeZone})`, publicKey: `pk_random_traffic_${index}_${id.slice(0, 8)}`, timeZone, anchor };
}

/** The instants in `year` at which `timeZone` changes its UTC offset, to the minute. */
function daylightSavingChanges(timeZone: string, year: number): Date[] {
  const changes: Date[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previous = utcOffsetMinutes(new Date(Date.UTC(year, 0, 1)), timeZone);
  for (let hour = Date.UTC(year, 0, 1) + HOUR; hour <= end; hour += HOUR) {
    const offset = utcOffsetMinutes(new Date(hour), timeZone);
    if (offset === previous) continue;
    let minute = hour - HOUR + MINUTE;
    while (utcOffsetMinutes(new Date(minute), timeZone) === previous) minute += MINUTE;
    changes.push(new Date(minute));
    previous = offset;
  }
  return changes;
}

function localMidnight(timeZone: string, utcMidnight: string): Date {
  const ms = Date.parse(utcMidnight);
  return new Date(ms - utcOffsetMinutes(new Date(ms), timeZone) * MINUTE);
}

/** What a visit's events share: the page it starts on, where it came from, and the visitor's place and device. */
type VisitContext = Omit<TrafficEvent, "siteId" | "id" | "name" | "ts" | "visitorId" | "hostname" | "props">;

function drawContext(random: Random): VisitContext {
  const [referrer, referrerHost] = random.pick(REFERRALS);
  return {
    path: random.pick(TRAFFIC_PATHS),
    referrer,
    referrerHost,
    utmSource: random.pick(UTM_SOURCES),
    utmMedium: random.pick(UTM_MEDIUMS),
    utmCampaign: random.pick(UTM_CAMPAIGNS),
    utmTerm: random.pick(UTM_TERMS),
    utmContent: random.pick(UTM_CONTENTS),
    country: random.pick(COUNTRIES),
    region: random.pick(REGIONS),
    city: random.pick(CITIES),
    browser: random.pick(BROWSERS),
    os: random.pick(OSES),
    deviceType: random.pick(DEVICES),
    screenWidth: random.pick(SCREEN_WIDTHS),
  };
}

/** One visitor's timeline on a site, its events spread over the appends. */
function placeVisitor(random: Random, site: TrafficSite, visitorId: string, appends: TrafficEvent[][]): void {
  const anchor = site.anchor.getTime();
  // A third start right around the anchor, so its odd local hours get traffic.
  let ts = random.chance(0.35) ? anchor + random.between(-3 * HOUR, 2 * HOUR) : anchor + random.between(-3 * DAY, 3 * DAY);
  let context = drawContext(random);
  const [least, most] = random.weighted(EVENTS_PER_VISITOR);
  const timeline: TrafficEvent[] = [];
  for (let count = random.between(least, most); count > 0; count--) {
    timeline.push(makeEvent(random, site, visitorId, ts, context));
    const gap = random.weighted(GAPS)(random);
    // After a long gap the next visit comes from elsewhere; now and then the
    // context changes mid-visit too (only the session's first event counts).
    if (gap > SESSION_GAP_MS || random.chance(0.1)) context = drawContext(random);
    else if (random.chance(0.3)) context = { ...context, path: random.pick(TRAFFIC_PATHS) };
    ts += gap;
  }

  const late: TrafficEvent[] = [];
  for (const [index, event] of timeline.entries()) {
    const previous = timeline[index - 1];
    const gap = previous ? event.ts.getTime() - previous.ts.getTime() : Infinity;
    // A bridge: one event in the middle of a gap just over 30 minutes
    // merges the sessions on either side, once it arrives.
    if (previous && gap > SESSION_GAP_MS && gap <= 2 * SESSION_GAP_MS && random.chance(0.6)) {
      late.push(makeEvent(random, site, visitorId, previous.ts.getTime() + Math.floor(gap / 2), drawContext(random)));
    }
    // An opener: a late event shortly before a session's first event, which
    // becomes the session's start and gives it other dimensions.
    if (gap > SESSION_GAP_MS && random.chance(0.15)) {
      late.push(makeEvent(random, site, visitorId, event.ts.getTime() - random.between(1, SESSION_GAP_MS), drawContext(random)));
    }
    // A twin: a late event at exactly the time of one already there (its
    // higher seq puts it second).
    if (random.chance(0.05)) late.push(makeEvent(random, site, visitorId, event.ts.getTime(), drawContext(random)));
  }

  for (const event of timeline) appends[random.chance(0.1) ? random.between(1, APPENDS - 1) : 0]!.push(event);
  for (const event of late) appends[random.between(1, APPENDS - 1)]!.push(event);
}

function makeEvent(random: Random, site: TrafficSite, visitorId: string, ms: number, context: VisitContext): TrafficEvent {
  const name = random.chance(0.7) ? "pageview" : random.pick(CUSTOM_EVENTS);
  return {
    siteId: site.id,
    id: seededUuidv7(ms, random),
    name,
    ts: new Date(ms),
    visitorId,
    hostname: "example.com",
    ...context,
    props: name === "pageview" ? null : customProps(random, name),
  };
}

function customProps(random: Random, name: string): Record<string, unknown> | null {
  if (random.chance(0.1)) return null;
  if (random.chance(0.05)) return {};
  const props: Record<string, unknown> = {};
  const maybe = (key: string, values: readonly unknown[]) => {
    if (random.chance(0.8)) props[key] = random.pick(values);
  };
  switch (name) {
    case "signup":
      maybe("plan", ["free", "pro", "Team", ""]);
      maybe("seats", [1, 5, 12.5]);
      maybe("trial", [true, false]);
      break;
    case "download":
      maybe("file", ["inlet.pdf", "report_2026.csv", "Notes 100%.txt"]);
      maybe("size", [0, 1024, 52.25]);
      break;
    default:
      // "true" and true, "null" and null: the same text, so one property row.
      maybe("target", ["#cta", "https://example.org/x?y=1", "true", true, "null", null]);
      maybe("n", [0, 1, -3]);
      maybe("new_tab", [true, false]);
  }
  return props;
}

/** A copy of `values` in a random order (Fisher-Yates). */
export function shuffled<T>(random: Random, values: readonly T[]): T[] {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.int(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
