import { z } from "zod";

/**
 * An event as the collector stores it: validated and enriched, ready for the
 * log. The schema also guards the hop from the Edge to the Node side.
 */
export const collectedEvent = z.object({
  siteId: z.uuid(),
  id: z.uuid(),
  name: z.string(),
  ts: z.coerce.date(),
  receivedAt: z.coerce.date(),
  visitorId: z.string(),
  userId: z.string().nullable(),
  hostname: z.string(),
  path: z.string(),
  referrer: z.string().nullable(),
  referrerHost: z.string().nullable(),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  utmTerm: z.string().nullable(),
  utmContent: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  browser: z.string().nullable(),
  browserVersion: z.string().nullable(),
  os: z.string().nullable(),
  osVersion: z.string().nullable(),
  deviceType: z.string().nullable(),
  screenWidth: z.number().int().nullable(),
  language: z.string().nullable(),
  props: z.record(z.string(), z.unknown()).nullable(),
});

export type CollectedEvent = z.output<typeof collectedEvent>;
