import { handle } from "hono/vercel";
import { createCollectorApp } from "@/edge/collector/collector-app";
import { withConfiguredBackend } from "@/lib/ingest/configured-backend";

// The collector runs at the edge, close to visitors (see DESIGN.md, step 2).
export const runtime = "edge";

const app = createCollectorApp({ withBackend: withConfiguredBackend });

export const POST = handle(app);
export const OPTIONS = handle(app);
