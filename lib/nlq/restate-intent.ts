import type { Filter, FunnelStep, Intent, Metric, Target } from "./intent";
import { DIMENSION_LABELS, EVENT_PLURALS, METRIC_LABELS } from "./lexicon";
import { formatRange } from "./time-range";

/** One line saying what an intent computes: "Signups by entry page, country = Germany, 1-31 Oct 2026". */
export function restateIntent(intent: Intent): string {
  const parts: string[] = [];
  if (intent.funnel) {
    const [first, second] = intent.funnel.steps;
    const within = intent.funnel.withinLabel ? ` within ${intent.funnel.withinLabel}` : " later in the range";
    parts.push(`Visitors who ${stepLabel(first)}, and how many of them then ${stepLabel(second)}${within}`);
  } else {
    const metrics = intent.metrics.map(metricLabel);
    let head = metrics.length > 1 ? `${metrics.slice(0, -1).join(", ")} and ${metrics[metrics.length - 1]}` : metrics[0]!;
    if (intent.eventFilter.length > 0) {
      const who = `who had ${intent.eventFilter.map((event) => `“${event}”`).join(" or ")}`;
      head = intent.metrics.length === 1 && intent.metrics[0]!.kind === "visitors" ? `Visitors ${who}` : `${head} of visitors ${who}`;
    }
    const by = [intent.groupBy ? targetLabel(intent.groupBy) : null, intent.granularity].filter(Boolean);
    if (by.length) head += ` by ${by.join(" and ")}`;
    parts.push(head);
  }
  for (const filter of intent.filters) parts.push(filterLabel(filter));
  parts.push(intent.defaultRange ? `${formatRange(intent.range)} (past 30 days)` : formatRange(intent.range));
  if (intent.compareWith) parts.push(`compared with ${formatRange(intent.compareWith)}`);
  if (intent.limit !== null) parts.push(`${intent.order === "asc" ? "bottom" : "top"} ${intent.limit}`);
  return parts.join(", ");
}

function eventLabel(event: string): string {
  return EVENT_PLURALS[event] ?? `“${event}” events`;
}

function metricLabel(metric: Metric): string {
  switch (metric.kind) {
    case "event_count":
      return eventLabel(metric.event);
    case "conversion_rate":
      return `Conversion rate of “${metric.event}” (% of visitors)`;
    case "custom_events":
      return "Custom events";
    default:
      return METRIC_LABELS[metric.kind];
  }
}

function targetLabel(target: Target): string {
  return target.kind === "dimension" ? DIMENSION_LABELS[target.dimension] : `property “${target.key}”`;
}

function stepLabel(step: FunnelStep): string {
  return step.kind === "page" ? `viewed ${step.path}` : `had “${step.event}”`;
}

const OP_LABELS: Record<Filter["op"], string> = { is: "=", is_not: "≠", contains: "contains", not_contains: "does not contain", starts_with: "starts with" };

function filterLabel(filter: Filter): string {
  const alternatives = [filter, ...(filter.or ?? [])].map(oneFilterLabel);
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(negativeFilter(filter) ? " and " : " or ")})`;
}

function negativeFilter(filter: Filter): boolean {
  return filter.op === "is_not" || filter.op === "not_contains";
}

function oneFilterLabel(filter: Filter): string {
  const target = targetLabel(filter.target);
  const values = filter.labels.join(", ");
  if (filter.values.length > 1 && filter.op === "is") return `${target} in ${values}`;
  if (filter.values.length > 1 && filter.op === "is_not") return `${target} not in ${values}`;
  return `${target} ${OP_LABELS[filter.op]} ${values}`;
}
