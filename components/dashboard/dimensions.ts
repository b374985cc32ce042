import type { BreakdownRow, Dimension, FilterOperator } from "@/lib/query/dashboard-model";
import type { BreakdownSort } from "@/lib/query/dashboard-url";

interface DimensionLabel {
  /** Singular, for a column or a filter chip: "Country". */
  name: string;
  /** For a tab, where room is short. */
  tab: string;
  /** For the full list's heading: "Countries". */
  plural: string;
}

export const DIMENSION_LABELS: Record<Dimension, DimensionLabel> = {
  source: { name: "Source", tab: "Source", plural: "Sources" },
  referrer: { name: "Referrer", tab: "Referrer", plural: "Referrers" },
  utm_source: { name: "UTM source", tab: "UTM source", plural: "UTM sources" },
  utm_medium: { name: "UTM medium", tab: "UTM medium", plural: "UTM mediums" },
  utm_campaign: { name: "UTM campaign", tab: "UTM campaign", plural: "UTM campaigns" },
  utm_term: { name: "UTM term", tab: "UTM term", plural: "UTM terms" },
  utm_content: { name: "UTM content", tab: "UTM content", plural: "UTM contents" },
  country: { name: "Country", tab: "Country", plural: "Countries" },
  region: { name: "Region", tab: "Region", plural: "Regions" },
  city: { name: "City", tab: "City", plural: "Cities" },
  browser: { name: "Browser", tab: "Browser", plural: "Browsers" },
  os: { name: "Operating system", tab: "OS", plural: "Operating systems" },
  device: { name: "Device", tab: "Device", plural: "Devices" },
  screen: { name: "Screen size", tab: "Screen", plural: "Screen sizes" },
  page: { name: "Page", tab: "Top pages", plural: "Top pages" },
  entry_page: { name: "Entry page", tab: "Entry pages", plural: "Entry pages" },
  exit_page: { name: "Exit page", tab: "Exit pages", plural: "Exit pages" },
  event: { name: "Event", tab: "Events", plural: "Custom events" },
};

export const SORT_LABELS: Record<BreakdownSort, string> = { visitors: "Visitors", visits: "Visits", pageviews: "Pageviews", events: "Events" };

export const OPERATOR_LABELS: Record<FilterOperator, string> = { is: "is", is_not: "is not", contains: "contains" };

export interface PanelGroup {
  id: string;
  title: string;
  dimensions: readonly Dimension[];
}

/** The dashboard's breakdown panels, grouped as Plausible groups them; every dimension appears once. */
export const PANEL_GROUPS: readonly PanelGroup[] = [
  { id: "sources", title: "Sources", dimensions: ["source", "referrer", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] },
  { id: "pages", title: "Pages", dimensions: ["page", "entry_page", "exit_page"] },
  { id: "locations", title: "Locations", dimensions: ["country", "region", "city"] },
  { id: "devices", title: "Devices", dimensions: ["browser", "os", "device", "screen"] },
  { id: "events", title: "Custom events", dimensions: ["event"] },
];

/** Shown for the empty value (no referrer, no country, ...), which the filter `is ""` finds. */
export const NONE_LABEL = "(none)";

const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/**
 * A value as a reader wants to see it: "(none)" for the empty value, a
 * country's name for its ISO code. Call it on the server and hand the text to
 * client components, so both render the same words whatever their ICU data.
 */
export function displayValue(dimension: Dimension, value: string): string {
  if (value === "") return NONE_LABEL;
  if (dimension === "country" && /^[A-Z]{2}$/.test(value)) {
    try {
      return countryNames.of(value) ?? value;
    } catch {
      return value;
    }
  }
  return value;
}

export interface DisplayRow extends BreakdownRow {
  label: string;
}

/** Rows with the text each value shows as. */
export function withLabels(dimension: Dimension, rows: readonly BreakdownRow[]): DisplayRow[] {
  return rows.map((row) => ({ ...row, label: displayValue(dimension, row.value) }));
}
