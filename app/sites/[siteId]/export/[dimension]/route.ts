import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { breakdownCsv, loadBreakdownExport, parseDashboardParams, parseDimension } from "@/lib/query";
import { getSiteForUserOrThrow } from "@/lib/tenancy";

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
 * query string. Same access as the dashboard: signed-out callers are sent to
 * sign in, other people's sites are a 404.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ siteId: string; dimension: string }> }) {
  const user = await requireUser();
  const { siteId, dimension: segment } = await params;
  const site = await getSiteForUserOrThrow(user.id, siteId);
  const dimension = parseDimension(segment);
  if (!dimension) notFound();
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
}
