import { openApiDocument } from "@/lib/read-api";

// Built from constants only: the same document for every request until the next deploy.
export const dynamic = "force-static";

/** The read API's OpenAPI 3.1 description. Public: it is documentation, and holds no data. */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
