/**
 * Sessions cut from raw events in plain TypeScript, one event at a time, by
 * the rules of lib/query/dashboard-model.ts. This is the reference the
 * sessions read model is checked against, so it favours being obviously
 * right over being fast.
 */
import { SESSION_GAP_MS, type SessionDimension } from "../dashboard-model";

/** The columns of an events row the dashboard reads (an `EventRow` fits). */
export interface RawEvent {
  siteId: string;
  id: string;
  seq: number;
  name: string;
  ts: Date;
  visitorId: string;
  path: string;
  referrer: string | null;
  referrerHost: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  screenWidth: number | null;
  props: Record<string, unknown> | null;
}

export const PAGEVIEW = "pageview";

export function isPageview(event: Pick<RawEvent, "name">): boolean {
  return event.name === PAGEVIEW;
}

export interface Session {
  siteId: string;
  visitorId: string;
  /** In (ts, seq) order; never empty. */
  events: RawEvent[];
  start: Date;
  end: Date;
  /** Whole seconds from the first event to the last, floored. */
  durationSeconds: number;
  /** Exactly one event, of any kind. */
  bounce: boolean;
  dimensions: Record<SessionDimension, string>;
}

/** Order of events within a visitor: time first, then the log's sequence for equal times. */
export function compareEvents(a: RawEvent, b: RawEvent): number {
  return a.ts.getTime() - b.ts.getTime() || a.seq - b.seq;
}

/**
 * Cut each (site, visitor)'s events into sessions: a new session starts
 * after a gap of more than SESSION_GAP_MS; a gap of exactly that much keeps
 * the session going. Sessions come out per visitor, oldest first.
 */
export function sessionize(events: readonly RawEvent[]): Session[] {
  const byVisitor = new Map<string, RawEvent[]>();
  for (const event of events) {
    // JSON keeps the two parts apart whatever characters they hold.
    const key = JSON.stringify([event.siteId, event.visitorId]);
    const list = byVisitor.get(key);
    if (list) list.push(event);
    else byVisitor.set(key, [event]);
  }
  const sessions: Session[] = [];
  for (const visitorEvents of byVisitor.values()) {
    const ordered = [...visitorEvents].sort(compareEvents);
    let current: RawEvent[] = [];
    for (const event of ordered) {
      const previous = current.at(-1);
      if (previous && event.ts.getTime() - previous.ts.getTime() > SESSION_GAP_MS) {
        sessions.push(toSession(current));
        current = [];
      }
      current.push(event);
    }
    if (current.length > 0) sessions.push(toSession(current));
  }
  return sessions;
}

function toSession(events: RawEvent[]): Session {
  const first = events[0]!;
  const last = events.at(-1)!;
  const pageviews = events.filter(isPageview);
  return {
    siteId: first.siteId,
    visitorId: first.visitorId,
    events,
    start: first.ts,
    end: last.ts,
    durationSeconds: Math.floor((last.ts.getTime() - first.ts.getTime()) / 1000),
    bounce: events.length === 1,
    dimensions: {
      ...sessionDimensionsOf(first),
      entry_page: pageviews[0]?.path ?? "",
      exit_page: pageviews.at(-1)?.path ?? "",
    },
  };
}

/** The session dimensions an event gives the session it opens (entry and exit pages aside). */
export function sessionDimensionsOf(event: RawEvent): Omit<Record<SessionDimension, string>, "entry_page" | "exit_page"> {
  return {
    // An empty utm_source counts as none; an empty referrer host is kept as
    // it is (the rule says "else the referrer's host", and "" is what it is).
    source: nonEmpty(event.utmSource) ?? nonEmpty(event.referrerHost) ?? "Direct / None",
    referrer: event.referrer ?? "",
    utm_source: event.utmSource ?? "",
    utm_medium: event.utmMedium ?? "",
    utm_campaign: event.utmCampaign ?? "",
    utm_term: event.utmTerm ?? "",
    utm_content: event.utmContent ?? "",
    country: event.country ?? "",
    region: event.region ?? "",
    city: event.city ?? "",
    browser: event.browser ?? "",
    os: event.os ?? "",
    device: event.deviceType ?? "",
    screen: screenClass(event.screenWidth),
  };
}

/** Mobile (< 576 px), Tablet (< 992), Laptop (< 1440), Desktop, or "" without a width. */
export function screenClass(width: number | null): string {
  if (width === null) return "";
  if (width < 576) return "Mobile";
  if (width < 992) return "Tablet";
  if (width < 1440) return "Laptop";
  return "Desktop";
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === "" ? undefined : value;
}
