import { withConfiguredBackend } from "@/lib/ingest/configured-backend";
import { collectorRouteHandler } from "@/lib/ingest/collector-handler";

// The collector runs at the edge, close to visitors (see DESIGN.md, step 2).
// Builds for a database the edge cannot reach serve ./node instead (next.config.ts).
export const runtime = "edge";

const collect = collectorRouteHandler(withConfiguredBackend);

export const POST = (request: Request) => collect(request);
export const OPTIONS = (request: Request) => collect(request);
