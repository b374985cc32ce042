/**
 * What the dashboard should answer, computed straight from a site's raw
 * events in plain TypeScript, event by event, by the rules of
 * lib/query/dashboard-model.ts. Tests hold the SQL in lib/query/dashboard.ts
 * to it. Nothing here is shared with that SQL: sessions, local hours and
 * filters are all worked out again, the slow and obvious way.
 */
import {
  SESSION_DIMENSIONS,
  type BreakdownRow,
  type DashboardQuery,
  type Dimension,
  type Filter,
  type HourRange,
  type Interval,
  type Kpis,
  type PropertyRow,
  type SeriesPoint,
  type SessionDimension,
} from "../dashboard-model";
import { hoursOf, isHourLabel, localHour, startOfInterval } from "./local-time";
import { isPageview, sessionize, type RawEvent, type Session } from "./sessionize";

interface ReferenceEvent {
  raw: RawEvent;
  pageview: boolean;
  /** Local hour label of the event in the site's zone. */
  hour: string;
  session: ReferenceSession;
}

interface ReferenceSession extends Session {
  /** Local hour label of the session's first event. */
  startHour: string;
  tagged: ReferenceEvent[];
}

/** What a query keeps: the events it counts and the sessions that pass its filters. */
interface Selection {
  keptSession: (session: ReferenceSession) => boolean;
  keptEvents: ReferenceEvent[];
}

const sessionDimensions: ReadonlySet<Dimension> = new Set(SESSION_DIMENSIONS);

function isSessionDimension(dimension: Dimension): dimension is SessionDimension {
  return sessionDimensions.has(dimension);
}

/** Does `value` pass `filter`? A missing value has already become "". */
export function matchesFilter(filter: Filter, value: string): boolean {
  switch (filter.operator) {
    case "is":
      return value === filter.value;
    case "is_not":
      return value !== filter.value;
    case "contains":
      return value.toLowerCase().includes(filter.value.toLowerCase());
  }
}

/** Order of breakdown rows: visitors desc, then value in code-point order. */
export function compareBreakdownRows(a: Pick<BreakdownRow, "visitors" | "value">, b: Pick<BreakdownRow, "visitors" | "value">): number {
  return b.visitors - a.visitors || compareCodePoints(a.value, b.value);
}

/**
 * Code-point order (what Postgres's "C" collation gives for UTF-8). Plain `<`
 * compares UTF-16 code units, which puts U+FF5E after U+1F600.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (char) => char.codePointAt(0)!);
  const right = Array.from(b, (char) => char.codePointAt(0)!);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/** The dashboard of one site, answered from its raw events. */
export class ReferenceDashboard {
  readonly sessions: readonly ReferenceSession[];
  readonly events: readonly ReferenceEvent[];

  constructor(
    rawEvents: readonly RawEvent[],
    readonly timeZone: string,
  ) {
    const siteIds = new Set(rawEvents.map((event) => event.siteId));
    if (siteIds.size > 1) throw new Error(`a ReferenceDashboard holds one site's events, got ${siteIds.size} sites`);
    const sessions: ReferenceSession[] = [];
    const events: ReferenceEvent[] = [];
    for (const session of sessionize(rawEvents)) {
      const tagged: ReferenceEvent[] = [];
      const withHour: ReferenceSession = { ...session, startHour: localHour(session.start, timeZone), tagged };
      for (const raw of session.events) {
        tagged.push({ raw, pageview: isPageview(raw), hour: localHour(raw.ts, timeZone), session: withHour });
      }
      sessions.push(withHour);
      events.push(...tagged);
    }
    this.sessions = sessions;
    this.events = events;
  }

  /** The headline numbers of `query`. */
  kpis(query: DashboardQuery): Kpis {
    assertRange(query.range);
    const selection = this.select(query);
    const visits = this.sessions.filter((session) => inRange(query.range, session.startHour) && selection.keptSession(session));
    // Like bounce and duration, a visit's pageviews are the whole session's:
    // neither the range nor page filters cut them.
    const pageviewsOfVisits = visits.map((session) => session.tagged.filter((event) => event.pageview).length);
    return {
      visitors: new Set(selection.keptEvents.map((event) => event.raw.visitorId)).size,
      visits: visits.length,
      pageviews: selection.keptEvents.filter((event) => event.pageview).length,
      viewsPerVisit: visits.length === 0 ? 0 : sum(pageviewsOfVisits) / visits.length,
      bounceRate: visits.length === 0 ? 0 : (100 * visits.filter((session) => session.bounce).length) / visits.length,
      visitDuration: visits.length === 0 ? 0 : sum(visits.map((session) => session.durationSeconds)) / visits.length,
    };
  }

  /** One point per bucket of the range, each the KPIs of the query restricted to that bucket. */
  series(query: DashboardQuery, interval: Interval): SeriesPoint[] {
    assertRange(query.range);
    const starts: string[] = [];
    for (const hour of hoursOf(query.range.from, query.range.to)) {
      const start = startOfInterval(hour, interval);
      const clipped = start < query.range.from ? query.range.from : start;
      if (starts.at(-1) !== clipped) starts.push(clipped);
    }
    return starts.map((bucket, index) => {
      const range = { from: bucket, to: starts[index + 1] ?? query.range.to };
      return { bucket, ...this.kpis({ ...query, range }) };
    });
  }

  /**
   * The rows of a breakdown, all of them, in the dashboard's order. The row
   * for a value is what the query gives with `dimension is value` added, its
   * `events` the kept custom events; values without visitors are left out.
   */
  breakdown(query: DashboardQuery, dimension: Dimension): BreakdownRow[] {
    assertRange(query.range);
    const rows: BreakdownRow[] = [];
    for (const value of this.valuesOf(dimension)) {
      const narrowed: DashboardQuery = { ...query, filters: [...query.filters, { dimension, operator: "is", value }] };
      const { visitors, visits, pageviews } = this.kpis(narrowed);
      const events = this.select(narrowed).keptEvents.filter((event) => !event.pageview).length;
      if (visitors > 0) rows.push({ value, visitors, visits, pageviews, events });
    }
    return rows.sort(compareBreakdownRows);
  }

  /** Each top-level property (key, value as text) of the kept custom events named `eventName`. */
  properties(query: DashboardQuery, eventName: string): PropertyRow[] {
    assertRange(query.range);
    const byProperty = new Map<string, { key: string; value: string; visitors: Set<string>; events: number }>();
    for (const event of this.select(query).keptEvents) {
      if (event.pageview || event.raw.name !== eventName) continue;
      const props = event.raw.props;
      if (props === null || typeof props !== "object" || Array.isArray(props)) continue;
      for (const [key, raw] of Object.entries(props)) {
        const value = typeof raw === "string" ? raw : JSON.stringify(raw);
        const id = JSON.stringify([key, value]);
        const entry = byProperty.get(id) ?? { key, value, visitors: new Set<string>(), events: 0 };
        entry.visitors.add(event.raw.visitorId);
        entry.events += 1;
        byProperty.set(id, entry);
      }
    }
    return [...byProperty.values()]
      .map(({ key, value, visitors, events }) => ({ key, value, visitors: visitors.size, events }))
      .sort((a, b) => b.visitors - a.visitors || b.events - a.events || compareCodePoints(a.key, b.key) || compareCodePoints(a.value, b.value));
  }

  /** The events `query` keeps, in the order of their sessions and, within one, (ts, seq). */
  keptEvents(query: DashboardQuery): readonly { raw: RawEvent; pageview: boolean; session: Session }[] {
    assertRange(query.range);
    return this.select(query).keptEvents;
  }

  /** Every value `dimension` takes in the site's data (a breakdown's candidates). */
  valuesOf(dimension: Dimension): string[] {
    const values = new Set<string>();
    if (isSessionDimension(dimension)) for (const session of this.sessions) values.add(session.dimensions[dimension]);
    else
      for (const event of this.events) {
        if (dimension === "page" && event.pageview) values.add(event.raw.path);
        if (dimension === "event" && !event.pageview) values.add(event.raw.name);
      }
    return [...values].sort(compareCodePoints);
  }

  private select(query: DashboardQuery): Selection {
    const { range, filters } = query;
    const verdicts = new Map<ReferenceSession, boolean>();
    const keptSession = (session: ReferenceSession) => {
      let kept = verdicts.get(session);
      if (kept === undefined) {
        kept = sessionPasses(session, range, filters);
        verdicts.set(session, kept);
      }
      return kept;
    };
    const keptEvents = this.events.filter(
      (event) => inRange(range, event.hour) && keptSession(event.session) && passesEventFilters(event, filters),
    );
    return { keptSession, keptEvents };
  }
}

/**
 * A session passes when its session dimensions match, when (with page
 * filters) it has inside the range a pageview that every page filter keeps,
 * and when (with event filters) it has inside the range a custom event that
 * every event filter keeps.
 */
function sessionPasses(session: ReferenceSession, range: HourRange, filters: readonly Filter[]): boolean {
  for (const filter of filters) {
    if (isSessionDimension(filter.dimension) && !matchesFilter(filter, session.dimensions[filter.dimension])) return false;
  }
  const hasKept = (pageview: boolean) =>
    session.tagged.some((event) => event.pageview === pageview && inRange(range, event.hour) && passesEventFilters(event, filters));
  if (filters.some((filter) => filter.dimension === "page") && !hasKept(true)) return false;
  if (filters.some((filter) => filter.dimension === "event") && !hasKept(false)) return false;
  return true;
}

/** Page filters judge pageviews and event filters custom events; neither touches the other kind. */
function passesEventFilters(event: ReferenceEvent, filters: readonly Filter[]): boolean {
  const dimension: Dimension = event.pageview ? "page" : "event";
  const value = event.pageview ? event.raw.path : event.raw.name;
  return filters.every((filter) => filter.dimension !== dimension || matchesFilter(filter, value));
}

/** Hour labels compare as wall-clock times because they are fixed-width and zero-padded. */
function inRange(range: HourRange, hour: string): boolean {
  return range.from <= hour && hour < range.to;
}

function assertRange(range: HourRange): void {
  if (!isHourLabel(range.from) || !isHourLabel(range.to)) throw new RangeError(`range must be local hours YYYY-MM-DDTHH:00: ${JSON.stringify(range)}`);
  if (!(range.from < range.to)) throw new RangeError(`range must end after it starts: ${JSON.stringify(range)}`);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
