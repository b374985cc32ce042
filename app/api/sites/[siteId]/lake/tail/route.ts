import { siteRoute } from "@/lib/access";
import { getDb } from "@/lib/db";
import { logPositionParam, readLakeTail } from "@/lib/lake/read-lake-tail";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * The site's events after log position `?after=<tx>.<seq>` (the `tailUrl`
 * of GET /api/sites/<id>/lake) as one Parquet file with the lake files'
 * columns: the recent events not in the lake yet. `x-inlet-tail-rows` says
 * how many; `x-inlet-tail-truncated: true` that more followed than one
 * answer holds (lib/lake/read-lake-tail.ts). Same access as the listing.
 */
export const GET = siteRoute<{ siteId: string }>("site:read", async (request, access) => {
  const after = logPositionParam.safeParse(request.nextUrl.searchParams.get("after") ?? "");
  if (!after.success) {
    return Response.json({ error: { code: "invalid_parameter", message: "after must be a log position <tx>.<seq>, as the lake listing's tailUrl gives it" } }, { status: 400, headers: NO_STORE });
  }
  const tail = await readLakeTail(await getDb(), access.site.id, after.data);
  return new Response(tail.parquet, {
    headers: {
      ...NO_STORE,
      "content-type": "application/vnd.apache.parquet",
      "x-inlet-tail-rows": String(tail.rows),
      "x-inlet-tail-truncated": String(tail.truncated),
    },
  });
});
