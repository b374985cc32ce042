import type { NlqContext } from "./nlq-types";
import type { Filter, FunnelStep, Granularity, Intent, Metric, SimpleMetricKind, Target } from "./intent";
import { COUNTRY_NAMES, type FilterOp, type MetricName } from "./lexicon";
import { buildVocabulary, nearWords, readItems, type Item, type SiteVocabulary } from "./read-words";
import { lastDays, localDateAt, previousPeriod, type DayRange } from "./time-range";

/** The parser's answer: an intent, or the words it could not place (and why). */
export type ParseResult = { ok: true; intent: Intent; corrections: [string, string][] } | { ok: false; message: string; suggestions: string[] };

/** Without a time phrase, a question is about the past 30 days (today included), as the restatement says. */
const DEFAULT_DAYS = 30;
/** "Which pages brought the most signups" without a number keeps this many rows. */
const DEFAULT_TOP = 10;

export const EXAMPLE_QUESTIONS = [
  "visitors last week",
  "top 5 pages by pageviews this month",
  "signups by entry page from Germany last month",
  "bounce rate by device in October",
  "visitors by day past 30 days compared to the previous period",
  "of visitors who viewed /pricing, how many signed up within a day",
];

const WINDOW_UNITS: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86_400, days: 86_400, week: 604_800, weeks: 604_800 };
const COUNT_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, twelve: 12, 24: 24 };

const METRIC_KINDS: Record<Exclude<MetricName, "events" | "conversion_rate">, SimpleMetricKind> = {
  visitors: "visitors",
  visits: "visits",
  pageviews: "pageviews",
  bounce_rate: "bounce_rate",
  visit_duration: "visit_duration",
  views_per_visit: "views_per_visit",
};

function refuse(words: string[], vocabulary: SiteVocabulary): ParseResult {
  const quoted = words.map((word) => `“${word}”`).join(", ");
  const near = [...new Set(words.flatMap((word) => nearWords(word.toLowerCase(), vocabulary)))];
  const suggestions = [...near.map((word) => `${word}`), ...EXAMPLE_QUESTIONS.slice(0, 3)];
  return { ok: false, message: `I don't understand ${quoted}.${near.length ? ` Did you mean ${near.map((w) => `“${w}”`).join(" or ")}?` : ""}`, suggestions };
}

function cannot(message: string, suggestions: string[] = EXAMPLE_QUESTIONS.slice(0, 3)): ParseResult {
  return { ok: false, message, suggestions };
}

function sameTarget(a: Target, b: Target): boolean {
  return a.kind === b.kind && (a.kind === "dimension" ? a.dimension === (b as typeof a).dimension : a.key === (b as { key: string }).key);
}

function sameRange(a: DayRange, b: DayRange): boolean {
  return JSON.stringify([a.from, a.to]) === JSON.stringify([b.from, b.to]);
}

/** A value as typed, for a filter on `target`: countries by name become their code. */
function valueFor(target: Target, item: Item): { value: string; label: string } | null {
  switch (item.kind) {
    case "quoted":
      return { value: item.value, label: item.value };
    case "path":
      return { value: item.path, label: item.path };
    case "number":
      return { value: String(item.value), label: String(item.value) };
    case "value":
      if (target.kind === "dimension" && target.dimension === item.dimension) return { value: item.values[0]!, label: item.label };
      return { value: item.raw, label: item.raw };
    case "unknown":
    case "event":
    case "property":
    case "dimension":
    case "metric":
      if (target.kind === "dimension" && target.dimension === "country") {
        const code = item.raw.toUpperCase();
        if (code.length === 2 && COUNTRY_NAMES[code]) return { value: code, label: COUNTRY_NAMES[code] };
      }
      return { value: item.raw, label: item.raw };
    default:
      return null;
  }
}

/** Translate a question into an intent, or say which words it could not use. */
export function parseQuestion(question: string, context: NlqContext): ParseResult {
  const vocabulary = buildVocabulary(context);
  const today = localDateAt(context.now, context.timeZone);
  const { items, corrections } = readItems(question, vocabulary, today);

  const metrics: Metric[] = [];
  const metricNames: MetricName[] = [];
  const events: { event: string; verb: boolean; afterWho: boolean; index: number }[] = [];
  const filters: Filter[] = [];
  const times: { range: DayRange; relative: boolean; afterCompare: boolean }[] = [];
  const unknown: string[] = [];
  const steps: { step: FunnelStep; index: number }[] = [];
  // Assigned in closures: typed by cast so narrowing does not pin them to null.
  let groupBy = null as Target | null;
  let granularity: Granularity | null = null;
  let limit: number | null = null;
  let order: "desc" | "asc" | null = null;
  let compare = false;
  /** "compare visitors this month with last month": the comparison is announced before anything else. */
  let compareLeads = false;
  let comparePrevious = false;
  let negate = false;
  let afterWho = false;
  let brought = false;
  let funnelWord = false;
  let withinSeconds: number | null = null;
  let withinLabel: string | null = null;
  let groupBy2 = null as Target | null;
  let groupWord: string | null = null;

  const addFilter = (target: Target, op: FilterOp, value: string | string[], label: string, joined: boolean) => {
    // A copy: the lexicon's value lists are shared.
    const values = typeof value === "string" ? [value] : [...value];
    const last = filters[filters.length - 1];
    // "from Germany or France": one filter with both values.
    if (joined && last && sameTarget(last.target, target)) {
      if (last.op === op && (op === "is" || op === "is_not" || op === "contains")) {
        last.values.push(...values);
        last.labels.push(label);
        return;
      }
      (last.or ??= []).push({ target, op, values, labels: [label] });
      return;
    }
    filters.push({ target, op, values, labels: [label] });
  };
  const setGroup = (target: Target) => {
    if (groupBy && !sameTarget(groupBy, target)) groupBy2 = target;
    else groupBy = target;
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const previous = items[i - 1];
    const next = items[i + 1];
    const joined = previous?.kind === "marker" && (previous.marker === "or" || previous.marker === "and");
    const byBefore = previous?.kind === "marker" && (previous.marker === "by" || previous.marker === "which" || previous.marker === "top");
    switch (item.kind) {
      case "stop":
        break;
      case "time":
        times.push({ range: item.range, relative: item.relative, afterCompare: compare });
        break;
      case "metric":
        // "which events happened most": the events, each on its row.
        if (item.metric === "events" && previous?.kind === "marker" && ["which", "top", "most", "by"].includes(previous.marker)) {
          setGroup({ kind: "dimension", dimension: "event" });
        }
        // "bounce rate for visitors from google": who is measured, not a second metric.
        if (item.metric === "visitors" && (metricNames.length > 0 || events.length > 0) && [previous, items[i - 2]].some((before) => ["for", "of", "among", "from"].includes(before?.text ?? ""))) break;
        if (!metricNames.includes(item.metric)) metricNames.push(item.metric);
        break;
      case "granularity":
        granularity = item.unit;
        break;
      case "event":
        events.push({ event: item.event, verb: item.verb, afterWho, index: i });
        steps.push({ step: { kind: "event", event: item.event }, index: i });
        break;
      case "value": {
        const target: Target = { kind: "dimension", dimension: item.dimension };
        const op: FilterOp = item.op === "contains" ? (negate ? "not_contains" : "contains") : negate ? "is_not" : "is";
        if (item.dimension === "page" && afterWho) steps.push({ step: { kind: "page", path: item.values[0]! }, index: i });
        addFilter(target, op, item.values, item.label, joined);
        // "top 3 blog posts": the posts, each on its row.
        const ranked = previous?.kind === "number" || (previous?.kind === "marker" && ["top", "most", "least", "which", "by"].includes(previous.marker));
        if (item.dimension === "page" && item.op === "contains" && ranked && !groupBy) setGroup(target);
        // "not from Germany or France" keeps the negation for the list.
        if (!(next?.kind === "marker" && (next.marker === "or" || next.marker === "and"))) negate = false;
        break;
      }
      case "path": {
        // "/docs pages": every page under /docs, each on its row.
        if (next?.kind === "dimension" && next.dimension === "page" && next.text.endsWith("s")) {
          addFilter({ kind: "dimension", dimension: "page" }, "starts_with", item.path, item.path, false);
          setGroup({ kind: "dimension", dimension: "page" });
          i++;
          break;
        }
        const op: FilterOp = negate ? "is_not" : "is";
        if (afterWho || funnelWord) steps.push({ step: { kind: "page", path: item.path }, index: i });
        addFilter({ kind: "dimension", dimension: "page" }, op, item.path, item.path, joined);
        if (!(next?.kind === "marker" && (next.marker === "or" || next.marker === "and"))) negate = false;
        break;
      }
      case "dimension":
      case "property": {
        const target: Target = item.kind === "dimension" ? { kind: "dimension", dimension: item.dimension } : { kind: "property", key: item.key };
        // "country is Germany", "page contains blog", "plan pro", "country not FR"
        let j = i + 1;
        let op: FilterOp | null = null;
        let notHere = negate;
        while (items[j]?.kind === "marker" && ["is", "not", "contains", "starts"].includes((items[j] as { marker: string }).marker)) {
          const m = (items[j] as { marker: string }).marker;
          if (m === "not") notHere = !notHere;
          else op = m === "contains" ? "contains" : m === "starts" ? "starts_with" : (op ?? "is");
          j++;
        }
        const valueItem = items[j];
        const takesValue =
          valueItem !== undefined &&
          (op !== null ||
            notHere !== negate ||
            valueItem.kind === "quoted" ||
            valueItem.kind === "path" ||
            (valueItem.kind === "value" && target.kind === "dimension") ||
            // "utm_campaign launch-week": a word the engine does not know, after a dimension named once, is its value.
            (!byBefore && !item.text.endsWith("s") && valueItem.kind === "unknown") ||
            (target.kind === "property" && !byBefore && valueItem.kind === "number"));
        if (takesValue && !byBefore) {
          // After "contains" the words are taken as typed ("pages containing docs").
          const asTyped = (op === "contains" || op === "starts_with") && valueItem.kind === "value";
          const first = asTyped ? { value: valueItem.raw, label: valueItem.raw } : valueFor(target, valueItem);
          if (!first) return cannot(`I don't understand which ${item.text} you mean after “${item.raw}”.`);
          // "source google": a known value keeps its own way of matching.
          const sameDimensionValue = valueItem.kind === "value" && target.kind === "dimension" && valueItem.dimension === target.dimension;
          const baseOp: FilterOp = op ?? (sameDimensionValue && valueItem.op === "contains" ? "contains" : "is");
          const finalOp: FilterOp = notHere ? (baseOp === "contains" ? "not_contains" : baseOp === "is" ? "is_not" : baseOp) : baseOp;
          addFilter(target, finalOp, first.value, first.label, false);
          // "country is Germany or France"
          while (items[j + 1]?.kind === "marker" && ["or", "and"].includes((items[j + 1] as { marker: string }).marker) && items[j + 2] && ["value", "unknown", "quoted", "path"].includes(items[j + 2]!.kind)) {
            const more = valueFor(target, items[j + 2]!);
            if (!more) break;
            addFilter(target, finalOp, more.value, more.label, true);
            j += 2;
          }
          negate = false;
          // "pages containing docs": the pages that match, each on its row.
          if (item.kind === "dimension" && item.text.endsWith("s") && (op === "contains" || op === "starts_with") && !groupBy) setGroup(target);
          i = j;
          break;
        }
        // "pro plan": an unknown word just before a property key is its value.
        if (target.kind === "property" && previous?.kind === "unknown" && unknown[unknown.length - 1] === previous.raw) {
          unknown.pop();
          addFilter(target, negate ? "is_not" : "is", previous.raw, previous.raw, false);
          negate = false;
          break;
        }
        if (target.kind === "dimension" && target.dimension === "page" && previous?.kind === "unknown" && unknown[unknown.length - 1] === previous.raw) {
          // "the pricing page"
          unknown.pop();
          const path = `/${previous.raw.toLowerCase()}`;
          if (afterWho || funnelWord) steps.push({ step: { kind: "page", path }, index: i });
          addFilter(target, negate ? "is_not" : "is", path, path, joined);
          negate = false;
          break;
        }
        setGroup(target);
        if (item.kind === "dimension") groupWord = item.text;
        break;
      }
      case "number": {
        if (previous?.kind === "marker" && (previous.marker === "top" || previous.marker === "most" || previous.marker === "least")) limit = item.value;
        else if (next && (next.kind === "dimension" || next.kind === "property" || (next.kind === "marker" && ["top", "most", "least"].includes(next.marker)))) limit = item.value;
        else unknown.push(item.raw);
        break;
      }
      case "quoted":
        unknown.push(item.raw);
        break;
      case "unknown": {
        // Values after "contains" with no dimension named: pages.
        if (previous?.kind === "marker" && (previous.marker === "contains" || previous.marker === "starts")) {
          const op: FilterOp = previous.marker === "starts" ? "starts_with" : negate ? "not_contains" : "contains";
          addFilter({ kind: "dimension", dimension: "page" }, op, item.raw, item.raw, false);
          negate = false;
          break;
        }
        // "from google.com": a host names where visits came from.
        if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(item.raw) && ["from", "via"].includes(previous?.text ?? "")) {
          addFilter({ kind: "dimension", dimension: "source" }, negate ? "not_contains" : "contains", item.raw.toLowerCase(), item.raw, joined);
          negate = false;
          break;
        }
        unknown.push(item.raw);
        break;
      }
      case "marker":
        switch (item.marker) {
          case "not":
            negate = true;
            break;
          case "top":
          case "most":
            order = "desc";
            break;
          case "least":
            order = "asc";
            break;
          case "compare":
            compareLeads = items.slice(0, i).every((before) => before.kind === "stop" || before.kind === "marker");
            // "linkedin vs twitter" compares segments, which needs a breakdown, not a period.
            if (next && (next.kind === "value" || next.kind === "path" || next.kind === "event")) {
              return cannot(`I can compare a period with the previous one, not two segments yet: ask for a breakdown instead, like “visitors by source”.`);
            }
            compare = true;
            break;
          case "previous_period":
            if (compare) comparePrevious = true;
            else unknown.push(item.raw);
            break;
          case "who":
            afterWho = true;
            break;
          case "funnel":
            funnelWord = true;
            break;
          case "brought":
            brought = true;
            break;
          case "over_time":
            granularity ??= "day";
            break;
          case "within": {
            // "within a day", "within 2 hours", "within 24h"
            const amount = items[i + 1];
            const unitItem = items[i + 2];
            const count = amount?.kind === "number" ? amount.value : amount ? COUNT_WORDS[amount.text] : undefined;
            const unitWord = unitItem?.text ?? "";
            if (count !== undefined && WINDOW_UNITS[unitWord]) {
              withinSeconds = count * WINDOW_UNITS[unitWord];
              withinLabel = `${count} ${unitWord.replace(/s$/, "")}${count === 1 ? "" : "s"}`;
              i += 2;
            } else if (amount && WINDOW_UNITS[amount.text]) {
              withinSeconds = WINDOW_UNITS[amount.text]!;
              withinLabel = `1 ${amount.text.replace(/s$/, "")}`;
              i += 1;
            } else return cannot(`I don't understand the time limit after “${item.raw}”: say “within a day” or “within 2 hours”.`);
            break;
          }
          default:
            break;
        }
        break;
    }
  }

  if (unknown.length > 0) return refuse(unknown, vocabulary);
  if (groupBy2) return cannot("I can break a question down by one dimension at a time (and by day, week or month).");

  // Time: the first phrase is the range; after "compared to", another is the period compared with.
  // "compare visitors this month with last month": the first phrase is the range either way.
  if (compare && times.length > 0 && times.every((time) => time.afterCompare) && !compareLeads) {
    return cannot("Which period should I compare? Name both, like “pageviews this month compared to last month”.");
  }
  const main = times.find((time) => !time.afterCompare) ?? times[0] ?? null;
  const others = times.filter((time) => time !== main);
  if (!compare && others.length > 0) return cannot("I can use one time range per question; to compare two, say “compared to the previous period”.");
  const defaultRange = main === null;
  const range = main?.range ?? lastDays(today, DEFAULT_DAYS);
  let compareWith: DayRange | null = null;
  if (compare) {
    const target = others[0];
    // "last month compared to the previous month": "previous" means before the range.
    compareWith = !target || target.relative || comparePrevious || sameRange(target.range, range) ? previousPeriod(range) : target.range;
  }

  // Funnels: "of visitors who viewed /pricing, how many signed up", "funnel from /pricing to signup".
  const funnelSteps = steps.filter((step, index) => index === 0 || step.index !== steps[index - 1]!.index);
  if ((afterWho || funnelWord) && funnelSteps.length >= 2) {
    if (funnelSteps.length > 2) return cannot("I can follow a funnel of two steps: say “of visitors who viewed /pricing, how many signed up”.");
    if (compare || granularity || groupBy) return cannot("I can't compare, chart over time or break down a funnel yet; ask for the funnel alone.");
    const first = funnelSteps[0]!;
    const second = funnelSteps[1]!;
    const stepPaths = new Set(funnelSteps.flatMap(({ step }) => (step.kind === "page" ? [step.path] : [])));
    const rest = filters.filter((filter) => !(filter.target.kind === "dimension" && filter.target.dimension === "page" && filter.op === "is" && filter.values.every((v) => stepPaths.has(v))));
    return {
      ok: true,
      corrections,
      intent: {
        metrics: [{ kind: "visitors" }],
        groupBy: null,
        granularity: null,
        filters: rest,
        eventFilter: [],
        range,
        defaultRange,
        compareWith: null,
        limit: null,
        order: null,
        funnel: { steps: [first.step, second.step], withinSeconds, withinLabel },
      },
    };
  }
  if (withinSeconds !== null) return cannot("“within” limits the second step of a funnel: say “of visitors who viewed /pricing, how many signed up within a day”.");

  // Events: "signups" is a count, "visitors who signed up" a filter, "signup conversion rate" a rate.
  const eventFilter: string[] = [];
  const countedEvents: string[] = [];
  const wantsRate = metricNames.includes("conversion_rate");
  const otherMetrics = metricNames.filter((name) => name !== "conversion_rate" && name !== "events");
  for (const event of events) {
    if (wantsRate) continue;
    if (otherMetrics.length > 0 && (event.verb || event.afterWho)) eventFilter.push(event.event);
    else countedEvents.push(event.event);
  }
  for (const name of metricNames) {
    if (name === "conversion_rate") {
      const rateEvents = events.map((event) => event.event);
      if (rateEvents.length === 0) {
        const suggestions = context.eventNames.slice(0, 3).map((event) => `${event} conversion rate last month`);
        return cannot("Conversion rate of which event? Name one, like “signup conversion rate”.", suggestions);
      }
      for (const event of new Set(rateEvents)) metrics.push({ kind: "conversion_rate", event });
    } else if (name === "events") {
      if (countedEvents.length === 0) metrics.push({ kind: "custom_events" });
    } else metrics.push({ kind: METRIC_KINDS[name] });
  }
  for (const event of new Set(countedEvents)) metrics.push({ kind: "event_count", event });
  if (metrics.length === 0) metrics.push({ kind: "visitors" });

  // "Which pages brought the most signups": the pages visits began on.
  let group: Target | null = groupBy;
  // "outbound clicks by url": a word that names a dimension and a property of the event asked about means the property.
  if (group?.kind === "dimension" && groupWord !== null) {
    const word = groupWord.replace(/s$/, "");
    const asked = new Set(events.map((event) => event.event));
    const key = [...asked].flatMap((event) => context.propertyKeys[event] ?? []).find((candidate) => candidate.toLowerCase() === word);
    if (key) group = { kind: "property", key };
  }
  if (brought && group?.kind === "dimension" && group.dimension === "page") group = { kind: "dimension", dimension: "entry_page" };
  if (group?.kind === "property" && !metrics.some((metric) => metric.kind === "event_count") && eventFilter.length === 0) {
    const owners = Object.entries(context.propertyKeys)
      .filter(([, keys]) => keys.includes((group as { key: string }).key))
      .map(([event]) => event);
    if (owners.length !== 1) return cannot(`Which event's “${group.key}” do you mean? Name the event, like “${owners[0] ?? "signup"}s by ${group.key}”.`);
    metrics.splice(0, metrics.length, { kind: "event_count", event: owners[0]! });
  }
  if (compare && granularity) return cannot("I can compare totals or a breakdown with the previous period, but not a chart by day, week or month yet.");
  if (limit !== null && !group) {
    return cannot("Top what? Say what to rank, like “top 5 pages” or “top 3 countries by visitors”.");
  }
  if (order !== null && limit === null && group) limit = DEFAULT_TOP;

  return {
    ok: true,
    corrections,
    intent: {
      metrics,
      groupBy: group,
      granularity,
      filters,
      eventFilter: [...new Set(eventFilter)],
      range,
      defaultRange,
      compareWith,
      limit,
      order: limit !== null ? (order ?? "desc") : null,
      funnel: null,
    },
  };
}
