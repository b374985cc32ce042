import { z } from "zod";

/**
 * What the tracker sends to POST /api/collect (as text/plain JSON, so browsers
 * skip the CORS preflight). Times are epoch milliseconds.
 */
export const LIMITS = {
  bodyBytes: 64 * 1024,
  eventsPerBatch: 50,
  nameLength: 64,
  urlLength: 2048,
  propCount: 30,
  propKeyLength: 64,
  propValueLength: 512,
  userIdLength: 256,
} as const;

const propValue = z.union([z.string().max(LIMITS.propValueLength), z.number().finite(), z.boolean(), z.null()]);

export const wireEvent = z.object({
  /** UUIDv7 made in the browser; retries reuse it. */
  id: z.uuid({ version: "v7", message: "must be a UUIDv7" }),
  /** "pageview" or a custom event name. */
  name: z.string().min(1).max(LIMITS.nameLength),
  ts: z.number().int().positive(),
  url: z.url().max(LIMITS.urlLength),
  referrer: z.string().max(LIMITS.urlLength).optional(),
  screen_width: z.number().int().min(0).max(100_000).optional(),
  language: z.string().max(35).optional(),
  user_id: z.string().max(LIMITS.userIdLength).optional(),
  props: z
    .record(z.string().min(1).max(LIMITS.propKeyLength), propValue)
    .refine((props) => Object.keys(props).length <= LIMITS.propCount, `at most ${LIMITS.propCount} properties`)
    .optional(),
});

export const wireBatch = z.object({
  /** The site's public write key. */
  site: z.string().min(1).max(64),
  /** The browser's clock when it sent the batch: corrects event times for clock skew. */
  sent_at: z.number().int().positive(),
  events: z.array(z.unknown()).min(1).max(LIMITS.eventsPerBatch),
});

export type WireEvent = z.infer<typeof wireEvent>;
export type WireBatch = z.infer<typeof wireBatch>;
