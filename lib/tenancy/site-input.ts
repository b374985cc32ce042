import { z } from "zod";

let zones: readonly string[] | undefined;

/**
 * The IANA time zones a site may use: this runtime's list plus "UTC", which
 * `Intl.supportedValuesOf` leaves out. The list is the server's, so the form
 * offers exactly what validation accepts.
 */
export function timeZones(): readonly string[] {
  zones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return zones;
}

export function isTimeZone(value: string): boolean {
  return timeZones().includes(value);
}

const MAX_DOMAINS = 20;
// One DNS label: letters, digits and inner hyphens, at most 63 characters.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A hostname as browsers send it in the Origin header: lower-case, IDNs in
 * punycode, no port or path. A leading "*." (any subdomain) is kept. Pasted
 * URLs ("https://shop.example.com/") are reduced to their hostname.
 * Returns null when the entry is not a hostname.
 */
export function normaliseDomain(entry: string): string | null {
  let rest = entry.trim().toLowerCase();
  const wildcard = rest.startsWith("*.");
  if (wildcard) rest = rest.slice(2);
  if (!rest.includes("://")) rest = `http://${rest}`;
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.replace(/\.$/, "");
  if (host.length === 0 || host.length > 253) return null;
  const labels = host.split(".");
  if (!labels.every((label) => LABEL.test(label))) return null;
  // A bare top-level label is not a site, except for local development.
  if (labels.length === 1 && host !== "localhost") return null;
  // All-numeric last label: an IP address, which has no subdomains to wildcard.
  if (wildcard && /^\d+$/.test(labels.at(-1)!)) return null;
  return wildcard ? `*.${host}` : host;
}

const domainsSchema = z.string().transform((value, ctx) => {
  const entries = value.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) {
    ctx.addIssue({ code: "custom", message: "Enter at least one domain, such as example.com" });
    return z.NEVER;
  }
  const domains = new Set<string>();
  for (const entry of entries) {
    const domain = normaliseDomain(entry);
    if (!domain) {
      ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 100)}" is not a valid domain` });
      return z.NEVER;
    }
    domains.add(domain);
  }
  if (domains.size > MAX_DOMAINS) {
    ctx.addIssue({ code: "custom", message: `At most ${MAX_DOMAINS} domains` });
    return z.NEVER;
  }
  return [...domains];
});

/** What the "Create site" form sends, validated and normalised. */
export const siteInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a site name").max(100, "Site name must be at most 100 characters"),
  /** Comma- or space-separated hostnames. */
  domains: domainsSchema,
  timeZone: z.string().refine(isTimeZone, "Choose a time zone from the list"),
});

export type SiteInput = z.output<typeof siteInputSchema>;

/** Days of raw events a site may keep in Postgres (sites.hot_retention_days); older days live in the lake. */
export const HOT_RETENTION_DAYS = { min: 7, max: 3650 } as const;

const hotRetentionMessage = `Keep raw events for ${HOT_RETENTION_DAYS.min} to ${HOT_RETENTION_DAYS.max} days`;

/** What the site settings form sends: the create form's fields and the hot retention, a whole number of days as typed. */
export const siteSettingsSchema = siteInputSchema.extend({
  hotRetentionDays: z
    .string()
    .trim()
    .regex(/^\d+$/, `Enter a whole number of days. ${hotRetentionMessage}.`)
    .transform(Number)
    .pipe(z.number().min(HOT_RETENTION_DAYS.min, hotRetentionMessage).max(HOT_RETENTION_DAYS.max, hotRetentionMessage)),
});

export type SiteSettings = z.output<typeof siteSettingsSchema>;
