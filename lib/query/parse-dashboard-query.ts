import { z } from "zod";
import { DIMENSIONS, FILTER_OPERATORS, type DashboardQuery } from "./dashboard-model";

const localHour = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):00$/, "must be a local hour like 2026-11-21T09:00");

const dashboardQuery = z.object({
  range: z
    .object({ from: localHour, to: localHour })
    .refine((range) => range.from < range.to, { message: "must end after it starts", path: ["to"] }),
  filters: z
    .array(
      z.object({
        dimension: z.enum(DIMENSIONS as [string, ...string[]]),
        operator: z.enum(FILTER_OPERATORS),
        value: z.string().max(1000),
      }),
    )
    .max(20),
});

/** Raised for a query the dashboard cannot answer; the message names the field. */
export class DashboardQueryError extends Error {
  override name = "DashboardQueryError";
}

/** Check a query at the boundary (it reaches SQL as parameters, but a bad range would answer nonsense). */
export function parseDashboardQuery(input: DashboardQuery): DashboardQuery {
  const result = dashboardQuery.safeParse(input);
  if (result.success) return result.data as DashboardQuery;
  const issue = result.error.issues[0]!;
  throw new DashboardQueryError(`${issue.path.join(".") || "query"}: ${issue.message}`);
}
