import { z } from "zod";
import { collectedEvent } from "./collected-event";

/** The path of the Node-side route that serves the embedded collector backend. */
export const INTERNAL_COLLECTOR_PATH = "/api/internal/collector";


/** One call from the Edge collector to the Node side (a CollectorBackend method). */
export const internalRequest = z.discriminatedUnion("op", [
  z.object({ op: z.literal("findSite"), publicKey: z.string() }),
  // The hash of an API key, never the key itself.
  z.object({ op: z.literal("findApiKey"), secretHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ op: z.literal("append"), rows: z.array(collectedEvent).max(1000) }),
  z.object({ op: z.literal("dailySalt"), day: z.iso.date() }),
  z.object({
    op: z.literal("quarantine"),
    siteId: z.uuid(),
    entries: z.array(z.object({ reason: z.string(), payload: z.string() })).max(100),
  }),
]);

/** As sent: rows still carry Date objects, which JSON turns into ISO strings. */
export type InternalRequest = z.input<typeof internalRequest>;
