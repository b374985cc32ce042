import { expect, it } from "vitest";
import type { BreakdownRow } from "./dashboard-model";
import { sortBreakdown } from "./sort-breakdown";

const row = (value: string, visitors: number, visits: number, pageviews: number): BreakdownRow => ({ value, visitors, visits, pageviews, events: 0 });

it("sorts by the chosen column, then visitors, then value, without touching the input", () => {
  const rows = [row("b", 5, 9, 10), row("a", 5, 9, 10), row("c", 9, 2, 30), row("d", 1, 9, 1)];
  expect(sortBreakdown(rows, "pageviews").map((r) => r.value)).toEqual(["c", "a", "b", "d"]);
  expect(sortBreakdown(rows, "visits").map((r) => r.value)).toEqual(["a", "b", "d", "c"]);
  expect(sortBreakdown(rows, "visitors").map((r) => r.value)).toEqual(["c", "a", "b", "d"]);
  expect(rows.map((r) => r.value)).toEqual(["b", "a", "c", "d"]);
});
