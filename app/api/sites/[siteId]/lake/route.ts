import { siteRoute } from "@/lib/access";
import { getDb } from "@/lib/db";
import { lakeStore } from "@/lib/lake/blob-stores";
import { LAKE_URL_TTL_SECONDS, lakeListing } from "@/lib/lake/lake-files-for-range";
import { formatLogPosition } from "@/lib/lake/read-lake-tail";
import { isDay } from "@/lib/query/dashboard-url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * `{ timeZone, files: [{ key, kind, day, rows, bytes, schemaVersion, url, rollup }], tailUrl, rawDays, expiresInSeconds }`:
 * the site's Parquet files for local days `?from=YYYY-MM-DD&to=YYYY-MM-DD`,
 * with signed URLs the browser's DuckDB reads, and `tailUrl`: a same-origin
 * URL (same credentials as this one) answering a Parquet file of the site's
 * events after the listed files (`lake/tail?after=<log position>`), or null
 * when there are none. `rollup` is a file's day rollup ({ key, bytes, url }
 * or null) and `rawDays` the days no rollup answers (see lakeListing).
 * Files and position come from one snapshot, so the
 * files and the tail are every event once. Same access as the dashboard;
 * the URLs open this site's files only.
 */
export const GET = siteRoute<{ siteId: string }>("site:read", async (request, access) => {
  const from = request.nextUrl.searchParams.get("from") ?? "";
  const to = request.nextUrl.searchParams.get("to") ?? "";
  for (const [name, day] of [["from", from], ["to", to]] as const) {
    if (!isDay(day)) {
      return Response.json({ error: { code: "invalid_parameter", message: `${name} must be a day YYYY-MM-DD (got "${day.slice(0, 40)}")` } }, { status: 400, headers: NO_STORE });
    }
  }
  if (from > to) return Response.json({ error: { code: "invalid_parameter", message: "from must not be after to" } }, { status: 400, headers: NO_STORE });
  const siteId = access.site.id;
  const { files, through, tailPending, rawDays } = await lakeListing(await getDb(), lakeStore(), siteId, { from, to });
  const tailUrl = tailPending ? `/api/sites/${siteId}/lake/tail?after=${formatLogPosition(through)}` : null;
  return Response.json({ timeZone: access.site.timeZone, files, tailUrl, rawDays, expiresInSeconds: LAKE_URL_TTL_SECONDS }, { headers: NO_STORE });
});
