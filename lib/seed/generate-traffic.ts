import { EVENT_SCHEMA_VERSION, type NewEventRow } from "@/lib/db/schema";
import { hex32, mix32, Random } from "./random";
import { seededUuidv7 } from "./seeded-uuidv7";
import {
  CAMPAIGN_SHARE,
  campaigns,
  countries,
  devices,
  downloads,
  HACKER_NEWS,
  HOURLY,
  outboundLinks,
  pageTables,
  PLACE_SHARE,
  platforms,
  PRICES,
  referrers,
  screenWidths,
  sectionOf,
  signupPlans,
  WEEKDAY,
  type Campaign,
  type DeviceType,
  type Referral,
} from "./traffic-model";

/** One row of the events table as the generator makes it (`seq` is the database's). */
export type SeedEvent = Required<NewEventRow>;

export interface TrafficOptions {
  siteId: string;
  /** Exactly this many events are generated. */
  events: number;
  /** The range is the `days` × 24 hours before `end`. */
  days: number;
  /** Exclusive end of the range: every event's `ts` is before it. */
  end: Date;
  seed: number;
  /** IANA zone whose days and hours the traffic rhythm follows. */
  timeZone: string;
  hostname?: string;
}

export const MAX_DAYS = 3650;
const HOUR_MS = 3_600_000;
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const DAY_MS = 86_400_000;
/** Slots per hour are chosen so one slot holds about this many events at most on average. */
const EVENTS_PER_SLOT = 5_000;
const SLOTS_PER_HOUR = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];
/** Share of sessions by someone seen before (a later visit the same day or on another day). */
const RETURNING_SHARE = 0.3;
/** Share of visitors who already had an account before the range starts. */
const REGISTERED_SHARE = 0.03;
const POOL_CAPACITY = 1 << 20;

/** The time range `generateTraffic` fills. */
export function trafficRange(options: Pick<TrafficOptions, "days" | "end">): { start: Date; end: Date } {
  return { start: new Date(options.end.getTime() - options.days * DAY_MS), end: options.end };
}

/**
 * Realistic demo traffic for one site: returning visitors, multi-page sessions
 * with referrers and UTM tags, custom events with properties, and a daily and
 * weekly rhythm in the site's time zone. Yields exactly `events` rows in time
 * order; the same options always give the same rows. Only one time slot's
 * sessions (a few thousand events) are held in memory at once.
 */
export function* generateTraffic(options: TrafficOptions): Generator<SeedEvent, void, undefined> {
  assertTrafficOptions(options);
  if (options.events === 0) return;
  const plan = planSlots(options);
  const sessions = new SessionMaker(options);
  const random = new Random(options.seed);
  const endMs = options.end.getTime();

  // Sessions start inside their slot but run on past its end. After a slot is
  // made, every event before the slot's end is final (later slots only add
  // later events), so those are emitted in order and the rest wait.
  let pending: SeedEvent[] = [];
  for (let slot = 0; slot < plan.budgets.length; slot++) {
    const slotStart = plan.start + slot * plan.slotMs;
    let remaining = plan.budgets[slot]!;
    while (remaining > 0) {
      const session = sessions.make(slotStart + Math.floor(random.next() * plan.slotMs), plan.launchShare[slot]!, endMs);
      // The last session of a slot is cut short so the total comes out exact.
      const take = Math.min(session.length, remaining);
      for (let index = 0; index < take; index++) pending.push(session[index]!);
      remaining -= take;
    }
    if (pending.length === 0) continue;
    pending.sort(byTime);
    const slotEnd = slotStart + plan.slotMs;
    let ready = 0;
    while (ready < pending.length && pending[ready]!.ts.getTime() < slotEnd) ready++;
    for (let index = 0; index < ready; index++) yield pending[index]!;
    pending = pending.slice(ready);
  }
  yield* pending;
}

function byTime(a: SeedEvent, b: SeedEvent): number {
  return a.ts.getTime() - b.ts.getTime();
}

/** Throw a RangeError naming the first bad option (the generator checks too, but only when first pulled). */
export function assertTrafficOptions(options: TrafficOptions): void {
  if (!Number.isSafeInteger(options.events) || options.events < 0) {
    throw new RangeError(`events must be a whole number >= 0, got ${options.events}`);
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_DAYS) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_DAYS}, got ${options.days}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new RangeError(`seed must be a whole number from 0 to 4294967295, got ${options.seed}`);
  }
  if (Number.isNaN(options.end.getTime())) throw new RangeError("end must be a valid date");
  new Intl.DateTimeFormat("en-US", { timeZone: options.timeZone }); // throws RangeError for an unknown zone
}

// ---------------------------------------------------------------------------
// How many events each slot of the range gets

interface SlotPlan {
  start: number;
  slotMs: number;
  /** Events per slot; they add up to exactly `events`. */
  budgets: Float64Array;
  /** Per slot, the share of sessions that come from a launch-day crowd. */
  launchShare: Float64Array;
}

function planSlots(options: TrafficOptions): SlotPlan {
  const hours = options.days * 24;
  const slotsPerHour = SLOTS_PER_HOUR.find((n) => options.events / (hours * n) <= EVENTS_PER_SLOT) ?? 60;
  const start = options.end.getTime() - options.days * DAY_MS;
  const rhythm = new Random(mix32(options.seed, 0x7268));
  const local = new Intl.DateTimeFormat("en-US", {
    timeZone: options.timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    weekday: "short",
  });

  // Each hour's local date, hour and weekday (taken at its middle).
  const hourDates: string[] = [];
  const hourWeights = new Float64Array(hours);
  for (let hour = 0; hour < hours; hour++) {
    const parts = Object.fromEntries(local.formatToParts(start + hour * HOUR_MS + HOUR_MS / 2).map((part) => [part.type, part.value]));
    hourDates.push(`${parts.year}-${parts.month}-${parts.day}`);
    const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
    // Growth over the range: the end gets ~35% more traffic than the start.
    const trend = 0.85 + (0.3 * hour) / hours;
    hourWeights[hour] = HOURLY[Number(parts.hour) % 24]! * WEEKDAY[weekday]! * trend;
  }

  // Day-to-day noise, and one launch day (a Hacker News front page) when the range is long enough.
  const dates = [...new Set(hourDates)];
  const dayFactor = new Map(dates.map((date) => [date, Math.exp(0.09 * rhythm.normal())]));
  const launch = new Map<string, number>();
  if (dates.length >= 7) {
    const index = 1 + rhythm.int(dates.length - 3);
    launch.set(dates[index]!, 2.6);
    launch.set(dates[index + 1]!, 1.35);
  }

  const slots = hours * slotsPerHour;
  const cumulative = new Float64Array(slots);
  const launchShare = new Float64Array(slots);
  let total = 0;
  for (let slot = 0; slot < slots; slot++) {
    const hour = Math.floor(slot / slotsPerHour);
    const date = hourDates[hour]!;
    const boost = launch.get(date) ?? 1;
    total += hourWeights[hour]! * dayFactor.get(date)! * boost;
    cumulative[slot] = total;
    launchShare[slot] = 1 - 1 / boost;
  }

  // Rounding the cumulative share keeps every budget >= 0 and the sum exact.
  const budgets = new Float64Array(slots);
  let assigned = 0;
  for (let slot = 0; slot < slots; slot++) {
    const upTo = slot === slots - 1 ? options.events : Math.round((options.events * cumulative[slot]!) / total);
    budgets[slot] = upTo - assigned;
    assigned = upTo;
  }
  return { start, slotMs: HOUR_MS / slotsPerHour, budgets, launchShare };
}

// ---------------------------------------------------------------------------
// Visitors and their sessions

interface Profile {
  deviceType: DeviceType;
  os: string;
  osVersion: string | null;
  browser: string;
  browserVersion: string;
  screenWidth: number;
  country: string;
  region: string | null;
  city: string | null;
  language: string;
}

interface Arrival {
  /** Part of a launch-day crowd (they land on the announcement). */
  launch: boolean;
  referral: Referral | null;
  campaign: Campaign | null;
  term: string | null;
  content: string | null;
}

interface Draft {
  ms: number;
  name: string;
  path: string;
  props: Record<string, unknown> | null;
  /** Set from this event on: identify() after a signup. */
  identified: boolean;
}

/**
 * Everyone who visited so far, most recent last, as the keys their profiles
 * derive from. A ring buffer: memory stays fixed however long the range.
 */
class VisitorPool {
  private readonly keys = new Uint32Array(POOL_CAPACITY);
  private readonly registered = new Uint8Array(POOL_CAPACITY);
  private size = 0;
  private next = 0;

  add(key: number, registered: boolean): number {
    const slot = this.next;
    this.keys[slot] = key;
    this.registered[slot] = registered ? 1 : 0;
    this.next = (this.next + 1) % POOL_CAPACITY;
    this.size = Math.min(this.size + 1, POOL_CAPACITY);
    return slot;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** A past visitor, recent ones likelier (the age falls off quadratically). */
  pickReturning(random: Random): number {
    const u = random.next();
    const age = Math.floor(u * u * this.size);
    return (this.next - 1 - age + POOL_CAPACITY) % POOL_CAPACITY;
  }

  keyAt(slot: number): number {
    return this.keys[slot]!;
  }

  isRegistered(slot: number): boolean {
    return this.registered[slot] === 1;
  }

  markRegistered(slot: number): void {
    this.registered[slot] = 1;
  }
}

/** Local day numbers (days since 1970-01-01 of the local date) in one zone, cached per quarter hour: every UTC offset is a whole number of quarter hours. */
class LocalDays {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  }

  dayNumber(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let day = this.cache.get(quarter);
    if (day === undefined) {
      day = Date.parse(`${this.format.format(quarter * QUARTER_HOUR_MS)}T00:00:00Z`) / DAY_MS;
      this.cache.set(quarter, day);
    }
    return day;
  }
}

class SessionMaker {
  private readonly random: Random;
  private readonly pool = new VisitorPool();
  private readonly profileSalt: number;
  private readonly visitorSalt: number;
  private readonly localDays: LocalDays;

  constructor(private readonly options: TrafficOptions) {
    this.random = new Random(mix32(options.seed, 0x5e55));
    this.profileSalt = mix32(options.seed, 0x9f0f);
    this.visitorSalt = mix32(options.seed, 0x7157);
    this.localDays = new LocalDays(options.timeZone);
  }

  /** One visit starting at `startMs`: its events in time order, all before `endMs`. */
  make(startMs: number, launchShare: number, endMs: number): SeedEvent[] {
    const random = this.random;
    const returning = !this.pool.isEmpty && random.chance(RETURNING_SHARE);
    let slot: number;
    if (returning) {
      slot = this.pool.pickReturning(random);
    } else {
      const key = random.uint32();
      slot = this.pool.add(key, mix32(key, this.profileSalt ^ 0x4e6) / 4294967296 < REGISTERED_SHARE);
    }
    const key = this.pool.keyAt(slot);
    const profile = this.profileOf(key);
    const arrival = this.arrive(returning, launchShare);
    const drafts = this.walk(startMs, arrival, returning, this.pool.isRegistered(slot));
    if (drafts.some((draft) => draft.identified)) this.pool.markRegistered(slot);

    // A visit that would run past the end of the range is squeezed into it.
    const last = drafts[drafts.length - 1]!.ms;
    if (last >= endMs) {
      const scale = (endMs - 1 - startMs) / (last - startMs);
      for (const draft of drafts) draft.ms = startMs + Math.floor((draft.ms - startMs) * scale);
    }
    return this.rows(drafts, key, profile, arrival);
  }

  private profileOf(key: number): Profile {
    // Derived from the key alone, so a returning visitor keeps device and place.
    const random = new Random(mix32(key, this.profileSalt));
    const deviceType = random.weighted(devices);
    const platform = random.weighted(platforms[deviceType]);
    const browser = random.weighted(platform.browsers);
    const country = random.weighted(countries);
    const place = country.places.length > 0 && random.chance(PLACE_SHARE) ? random.pick(country.places) : null;
    return {
      deviceType,
      os: platform.os,
      osVersion: random.weighted(platform.osVersions),
      browser: browser.name,
      browserVersion: random.weighted(browser.versions),
      screenWidth: random.weighted(screenWidths[deviceType]),
      country: country.code,
      region: place?.region ?? null,
      city: place?.city ?? null,
      language: random.weighted(country.languages),
    };
  }

  private arrive(returning: boolean, launchShare: number): Arrival {
    const random = this.random;
    if (launchShare > 0 && random.chance(launchShare)) return { launch: true, referral: HACKER_NEWS, campaign: null, term: null, content: null };
    if (random.chance(CAMPAIGN_SHARE)) {
      const campaign = random.weighted(campaigns);
      return {
        launch: false,
        referral: campaign.referrer,
        campaign,
        term: campaign.terms ? random.pick(campaign.terms) : null,
        content: campaign.contents && random.chance(0.8) ? random.pick(campaign.contents) : null,
      };
    }
    // People who know the site often type it or use a bookmark.
    const referral = returning && random.chance(0.45) ? null : random.weighted(referrers);
    return { launch: false, referral, campaign: null, term: null, content: null };
  }

  private landingPage(arrival: Arrival): string {
    const random = this.random;
    if (arrival.launch) return random.weighted(pageTables.launch);
    const landing = arrival.campaign?.landing ?? arrival.referral?.landing ?? "home";
    const u = random.next();
    switch (landing) {
      case "home":
        return u < 0.6 ? "/" : random.weighted(pageTables.all);
      case "search":
        return u < 0.45 ? random.weighted(pageTables.docs) : u < 0.7 ? random.weighted(pageTables.blog) : random.weighted(pageTables.all);
      case "blog":
        return u < 0.75 ? random.weighted(pageTables.blog) : random.weighted(pageTables.all);
      case "docs":
        return u < 0.65 ? random.weighted(pageTables.docs) : random.weighted(pageTables.all);
    }
  }

  private nextPage(path: string): string {
    const random = this.random;
    const u = random.next();
    if (path === "/pricing" && u < 0.3) return "/signup";
    if (path === "/signup" && u < 0.4) return "/docs/getting-started";
    switch (sectionOf(path)) {
      case "docs":
        return u < 0.55 ? random.weighted(pageTables.docs) : u < 0.63 ? "/pricing" : random.weighted(pageTables.all);
      case "blog":
        return u < 0.35 ? random.weighted(pageTables.blog) : u < 0.48 ? "/" : random.weighted(pageTables.all);
      case "other":
        return u < 0.12 ? "/pricing" : random.weighted(pageTables.all);
    }
  }

  /** The pages a visit sees and what it does on them, timed from `startMs`. */
  private walk(startMs: number, arrival: Arrival, returning: boolean, registered: boolean): Draft[] {
    const random = this.random;
    const bounce = random.chance(returning || arrival.referral === null ? 0.34 : 0.46);
    let pageviews = 1;
    if (!bounce) {
      pageviews = 2;
      while (pageviews < 8 && random.chance(0.62)) pageviews++;
    }

    const drafts: Draft[] = [];
    let identified = registered;
    let path = this.landingPage(arrival);
    let ms = startMs;
    for (let view = 0; view < pageviews; view++) {
      drafts.push({ ms, name: "pageview", path, props: null, identified });
      // Seconds to minutes on a page; docs and blog posts are read longer.
      const median = sectionOf(path) === "other" ? 22_000 : 48_000;
      const gap = Math.round(Math.min(900_000, Math.max(2_000, random.logNormal(median, 0.9))));

      if (path === "/signup" && !identified && random.chance(0.38)) {
        const plan = random.weighted(signupPlans);
        identified = true;
        drafts.push({ ms: during(ms, gap, 0.3 + 0.4 * random.next()), name: "signup", path, props: { plan }, identified });
        const price = PRICES[plan];
        if (price && random.chance(0.55)) {
          const interval = random.chance(0.3) ? "year" : "month";
          drafts.push({ ms: during(ms, gap, 0.85), name: "purchase", path, props: { plan, amount: price[interval], currency: "EUR", interval }, identified });
        }
      } else if (path.startsWith("/docs/") && random.chance(0.06)) {
        drafts.push({ ms: during(ms, gap, 0.2 + 0.6 * random.next()), name: "download", path, props: { file: random.weighted(downloads) }, identified });
      } else if ((path.startsWith("/blog/") || path.startsWith("/integrations/")) && random.chance(0.07)) {
        drafts.push({ ms: during(ms, gap, 0.3 + 0.6 * random.next()), name: "outbound", path, props: { url: random.weighted(outboundLinks) }, identified });
      } else if (path.startsWith("/blog/") && random.chance(0.02)) {
        drafts.push({ ms: during(ms, gap, 0.9), name: "newsletter_subscribe", path, props: { source: "blog-footer" }, identified });
      }

      ms += gap;
      path = this.nextPage(path);
    }
    return drafts;
  }

  private rows(drafts: Draft[], key: number, profile: Profile, arrival: Arrival): SeedEvent[] {
    const random = this.random;
    const { siteId, hostname = "localhost" } = this.options;
    const userId = `usr_${hex32(mix32(key, this.visitorSalt ^ 0x55))}`;
    const campaign = arrival.campaign;
    let day = -1;
    let visitorId = "";
    const rows: SeedEvent[] = [];
    for (let index = 0; index < drafts.length; index++) {
      const draft = drafts[index]!;
      // The collector hashes the site-local day in: a new id for the same person each local day.
      const draftDay = this.localDays.dayNumber(draft.ms);
      if (draftDay !== day) {
        day = draftDay;
        visitorId = hex32(mix32(key ^ this.visitorSalt, day)) + hex32(mix32(day ^ this.visitorSalt, key));
      }
      const entry = index === 0;
      const delay = Math.round(Math.min(10_000, Math.max(20, random.logNormal(250, 0.6))));
      rows.push({
        siteId,
        id: seededUuidv7(draft.ms, random),
        name: draft.name,
        ts: new Date(draft.ms),
        receivedAt: new Date(draft.ms + delay),
        visitorId,
        userId: draft.identified ? userId : null,
        hostname,
        path: draft.path,
        referrer: entry ? arrival.referral?.url ?? null : null,
        referrerHost: entry ? arrival.referral?.host ?? null : null,
        utmSource: entry ? campaign?.source ?? null : null,
        utmMedium: entry ? campaign?.medium ?? null : null,
        utmCampaign: entry ? campaign?.campaign ?? null : null,
        utmTerm: entry ? arrival.term : null,
        utmContent: entry ? arrival.content : null,
        country: profile.country,
        region: profile.region,
        city: profile.city,
        browser: profile.browser,
        browserVersion: profile.browserVersion,
        os: profile.os,
        osVersion: profile.osVersion,
        deviceType: profile.deviceType,
        screenWidth: profile.screenWidth,
        language: profile.language,
        props: draft.props,
        schemaVersion: EVENT_SCHEMA_VERSION,
      });
    }
    return rows;
  }
}

/** A moment `share` of the way through a `gap` that starts at `ms` (never the same millisecond). */
function during(ms: number, gap: number, share: number): number {
  return ms + Math.max(1, Math.floor(gap * share));
}
