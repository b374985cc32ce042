import { siteRoute } from "@/lib/access";
import { breakdownCsv, loadBreakdownExport, parseDashboardParams, parseDimension } from "@/lib/query";

export const dynamic = "force-dynamic";

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
 * Every value of one dimension as CSV, for the period and filters in the
 * query string. Same access as the dashboard.
 */
export const GET = siteRoute<{ siteId: string; dimension: string }>("site:read", async (request, { site }, params) => {
  const dimension = parseDimension(params.dimension);
  if (!dimension) {
    return Response.json({ error: { code: "unknown_dimension", message: `There is no dimension '${params.dimension}'.` } }, { status: 404 });
  }
  const { period, rows } = await loadBreakdownExport(site, parseDashboardParams(request.nextUrl.searchParams), dimension);
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
});
