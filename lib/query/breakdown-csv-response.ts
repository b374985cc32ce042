import "server-only";
import type { Database } from "@/lib/db";
import type { Site } from "@/lib/tenancy/site";
import { breakdownCsv } from "./breakdown-csv";
import { parseDashboardParams, parseDimension } from "./dashboard-url";
import { loadBreakdownExport } from "./load-dashboard";

/** A file name that survives every browser and file system: lower-case letters, digits and dashes. */
function fileSlug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "site"
  );
}

/**
 * The download of every value of one dimension as CSV, for the period and
 * filters of a dashboard URL's query string; a JSON 404 for an unknown
 * dimension. The caller has checked that its reader may read the site.
 */
export async function breakdownCsvResponse(db: Database, site: Pick<Site, "id" | "name" | "timeZone">, dimensionSegment: string, query: URLSearchParams): Promise<Response> {
  const dimension = parseDimension(dimensionSegment);
  if (!dimension) {
    return Response.json({ error: { code: "unknown_dimension", message: `There is no dimension '${dimensionSegment}'.` } }, { status: 404 });
  }
  const { period, rows } = await loadBreakdownExport(site, parseDashboardParams(query), dimension, { db });
  // The last day is the one the exclusive end's previous hour falls on.
  const lastDay = new Date(Date.parse(`${period.range.to}:00Z`) - 1).toISOString().slice(0, 10);
  const filename = `${fileSlug(site.name)}-${dimension}-${period.range.from.slice(0, 10)}-to-${lastDay}.csv`;
  return new Response(breakdownCsv(dimension, rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
