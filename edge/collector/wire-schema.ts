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

/**
 * Text that Postgres can store and give back unchanged: no U+0000 (text and
 * jsonb refuse it), no lone UTF-16 surrogates (jsonb refuses their escapes),
 * no leading byte-order mark (PGlite drops it when reading back).
 */
const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(
      (value) => value.isWellFormed() && !value.includes("\u0000") && !value.startsWith("\ufeff"),
      "must be well-formed text without NUL characters or a leading byte-order mark",
    );

/**
 * An http(s) URL. Not z.url(): Node 20's optimised URL.canParse, which it
 * relies on, wrongly refuses hosts like "bücher.example" after a few
 * thousand calls; `new URL` does not.
 */
const pageUrl = storableText(LIMITS.urlLength).refine((value) => {
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}, "must be an absolute http(s) URL");

const propValue = z.union([storableText(LIMITS.propValueLength), z.number().finite(), z.boolean(), z.null()]);

export const wireEvent = z.object({
  /** UUIDv7 made in the browser; retries reuse it. */
  id: z.uuid({ version: "v7", message: "must be a UUIDv7" }),
  /** "pageview" or a custom event name. */
  name: storableText(LIMITS.nameLength).min(1),
  ts: z.number().int().positive(),
  url: pageUrl,
  referrer: storableText(LIMITS.urlLength).optional(),
  screen_width: z.number().int().min(0).max(100_000).optional(),
  language: storableText(35).optional(),
  user_id: storableText(LIMITS.userIdLength).optional(),
  props: z
    .record(storableText(LIMITS.propKeyLength).min(1), propValue)
    .refine((props) => Object.keys(props).length <= LIMITS.propCount, `at most ${LIMITS.propCount} properties`)
    .optional(),
});

export const wireBatch = z.object({
  /** The site's public write key. */
  site: storableText(64).min(1),
  /** The browser's clock when it sent the batch: corrects event times for clock skew. */
  sent_at: z.number().int().positive(),
  events: z.array(z.unknown()).min(1).max(LIMITS.eventsPerBatch),
});

export type WireEvent = z.infer<typeof wireEvent>;
export type WireBatch = z.infer<typeof wireBatch>;
