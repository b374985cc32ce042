import type { BreakdownRow } from "./dashboard-model";
import type { BreakdownSort } from "./dashboard-url";

/**
 * Rows ordered by `by` (most first); ties keep the order the query uses
 * everywhere else: visitors, then value in code-point order.
 */
export function sortBreakdown<Row extends BreakdownRow>(rows: readonly Row[], by: BreakdownSort): Row[] {
  return [...rows].sort((a, b) => b[by] - a[by] || b.visitors - a.visitors || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
