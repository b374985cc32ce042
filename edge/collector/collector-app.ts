import { geolocation, ipAddress } from "@vercel/edge";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { isbot } from "isbot";
import type { z } from "zod";
import type { CollectedEvent } from "./collected-event";
import type { CollectorBackend, CollectorSite, QuarantineEntry } from "./collector-backend";
import { CollectorError } from "./collector-error";
import { pageFacts, parseUserAgent, visitorId, type RequestContext } from "./enrich-event";
import { BackendCache } from "./backend-cache";
import { apiKeyHashOrThrow, ingestKeyOrThrow, VISITOR_HEADERS } from "./ingest-key";
import { RateLimiter, type RateLimit } from "./rate-limiter";
import { LIMITS, wireBatch, wireEvent, type WireEvent } from "./wire-schema";

/** Events older than this (after clock-skew correction) are refused: the dedup window. */
const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Allowance for clocks that run ahead after correction. */
const MAX_EVENT_LEAD_MS = 60 * 1000;
/** How much of a rejected payload the quarantine keeps. */
const QUARANTINE_EXCERPT_CHARS = 2048;

/** Defaults for one collector instance: a busy office behind one IP, a busy site. */
export const DEFAULT_RATE_LIMITS = {
  perIp: { perSecond: 20, burst: 200 },
  perSite: { perSecond: 2000, burst: 20_000 },
} satisfies Record<string, RateLimit>;

export interface CollectorOptions {
  /** Runs `work` with a backend; lets the edge route open and close a connection per request. */
  withBackend: <T>(work: (backend: CollectorBackend) => Promise<T>) => Promise<T>;
  now?: () => number;
  /** Requests per IP and events per site; `perSecond: 0` turns one off. */
  rateLimits?: { perIp: RateLimit; perSite: RateLimit };
}

export interface CollectResponse {
  accepted: number;
  rejected: { index: number; error: string }[];
  /** Set when the whole batch was dropped on purpose (e.g. a bot). */
  dropped?: "bot";
}

/**
 * The Hono app behind POST /api/collect. Web-standard APIs only: it runs on
 * the Edge and Node runtimes. It answers at whatever path it is mounted:
 * Next.js rewrites /api/collect to the Node route in some builds.
 */
export function createCollectorApp({ withBackend, now = Date.now, rateLimits = DEFAULT_RATE_LIMITS }: CollectorOptions) {
  const app = new Hono();
  const cache = new BackendCache(now);
  const ipLimiter = new RateLimiter(rateLimits.perIp, now);
  const siteLimiter = new RateLimiter(rateLimits.perSite, now);

  // Any page may send: the write key and the site's allowed domains decide what is kept.
  // Authorization (and the X-Inlet-Visitor-* headers) are left out on purpose:
  // ingest keys are for servers, which send no preflight; a browser fails the
  // preflight, so no page can send a key (and leak it to its visitors).
  app.use("*", cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["Content-Type"], maxAge: 86400 }));

  app.post(
    "*",
    bodyLimit({
      maxSize: LIMITS.bodyBytes,
      onError: () => {
        throw new CollectorError("payload_too_large", `body exceeds ${LIMITS.bodyBytes} bytes`);
      },
    }),
    async (c) => {
      const receivedAt = now();
      const connection = connectionOf(c.req.raw);
      const authorization = c.req.header("authorization");
      const keyHash = authorization === undefined ? undefined : await apiKeyHashOrThrow(authorization);
      // A server sends for many visitors from one address, so a live ingest
      // key skips the per-IP limit. A key this instance has not looked up
      // lately costs a database lookup, though: that is charged to the
      // address, so made-up keys reach the database no faster than keyless
      // requests (a real key's server pays once per API_KEY_TTL_MS).
      if (keyHash === undefined || !cache.knowsLiveIngestKey(keyHash)) {
        throwIfLimited(ipLimiter.take(connection.ip), "too many requests from this address");
      }
      const body = await c.req.text();
      const batch = parseBatch(body);
      if (keyHash === undefined && isbot(connection.userAgent)) return c.json<CollectResponse>(droppedBot, 202);
      const origin = c.req.header("origin");

      const result = await withBackend(async (backend): Promise<CollectResponse> => {
        const [key, site] = await Promise.all([keyHash === undefined ? null : cache.findApiKey(backend, keyHash), cache.findSite(backend, batch.site)]);
        // A bad key is refused before anything else: nothing of its batch is stored, not even in quarantine.
        if (keyHash !== undefined) ingestKeyOrThrow(key, site);
        if (!site) throw new CollectorError("unknown_site", `no site has the write key "${batch.site}"`);
        const context = keyHash === undefined ? connection : forwardedVisitor(c.req.raw, connection);
        if (keyHash !== undefined && isbot(context.userAgent)) return droppedBot;
        throwIfLimited(siteLimiter.take(site.id, batch.events.length), "this site is sending more events than its limit");
        if (origin && !hostAllowed(site, safeHostname(origin))) {
          const reason = `origin ${origin} is not an allowed domain of this site`;
          await keepInQuarantine(backend, site.id, [{ reason, payload: excerpt(body) }]);
          throw new CollectorError("origin_not_allowed", reason);
        }
        const { valid, rejected } = validateEvents(batch, site, receivedAt);
        const quarantined = keepInQuarantine(
          backend,
          site.id,
          rejected.map(({ index, error }) => ({ reason: error, payload: excerptOf(batch.events[index]) })),
        );
        if (valid.length === 0) {
          await quarantined;
          throw new CollectorError("invalid_batch", "no event in the batch is valid", { rejected });
        }
        const visitors = await visitorIdsByDay(valid, site, context, (day) => cache.dailySalt(backend, day));
        const rows = toRows(valid, site, context, visitors, receivedAt);
        await Promise.all([backend.append(rows), quarantined]);
        return { accepted: rows.length, rejected };
      });
      return c.json<CollectResponse>(result, 202);
    },
  );

  app.onError((caught, c) => {
    const error = caught instanceof CollectorError ? caught : unavailable(caught);
    if (error.retryAfter) c.header("Retry-After", String(error.retryAfter));
    return c.json(error.toJSON(), error.status);
  });

  return app;
}

/**
 * Anything unexpected is the log being out of reach (or a bug): nothing was
 * acknowledged, so the tracker must keep the events and retry; their ids make
 * a retry of a write that did commit harmless. Never a 202.
 */
function unavailable(cause: unknown): CollectorError {
  const requestId = crypto.randomUUID();
  console.error(`[collector] request ${requestId} failed`, cause);
  return new CollectorError("unavailable", `events were not stored; retry later (request ${requestId})`, undefined, 5);
}

const droppedBot: CollectResponse = { accepted: 0, rejected: [], dropped: "bot" };

/** The visitor as the request shows it: the sender's address, user agent and the edge's geolocation of that address. */
function connectionOf(request: Request): RequestContext {
  const ip = ipAddress(request) ?? firstForwarded(request.headers.get("x-forwarded-for")) ?? "";
  const geo = geolocation(request);
  return { userAgent: request.headers.get("user-agent") ?? "", ip, country: geo.country, region: geo.countryRegion, city: geo.city };
}

/**
 * The visitor a server forwards (believed only with a valid ingest key).
 * Either header may be left out: the request's own value stands in. The
 * edge's geolocation is of the sending server, so it is kept only when the
 * visitor's address is the connection's own.
 */
function forwardedVisitor(request: Request, connection: RequestContext): RequestContext {
  const ip = firstForwarded(request.headers.get(VISITOR_HEADERS.ip));
  const userAgent = request.headers.get(VISITOR_HEADERS.userAgent) ?? connection.userAgent;
  if (ip === undefined || ip === connection.ip) return { ...connection, userAgent };
  return { userAgent, ip };
}

/** The first address of an X-Forwarded-For-style list, or undefined when there is none. */
function firstForwarded(header: string | null): string | undefined {
  return header?.split(",")[0]?.trim() || undefined;
}

function throwIfLimited(retryAfterSeconds: number, message: string) {
  if (retryAfterSeconds > 0) throw new CollectorError("rate_limited", message, undefined, retryAfterSeconds);
}

/**
 * Rejected input goes to the site's quarantine on a best-effort basis: losing
 * a diagnostic must not fail the good events of the same batch.
 */
async function keepInQuarantine(backend: CollectorBackend, siteId: string, entries: QuarantineEntry[]) {
  if (entries.length === 0) return;
  try {
    await backend.quarantine(siteId, entries);
  } catch (error) {
    console.error("[collector] could not quarantine rejected input", error);
  }
}

function excerpt(text: string): string {
  return text.length > QUARANTINE_EXCERPT_CHARS ? `${text.slice(0, QUARANTINE_EXCERPT_CHARS)}…` : text;
}

/** A rejected event as text; hostile shapes (nesting deep enough to overflow the stack) must not throw. */
function excerptOf(event: unknown): string {
  try {
    return excerpt(JSON.stringify(event) ?? String(event));
  } catch {
    return "(not serialisable: nested too deeply)";
  }
}

/** "field.path: what is wrong" for the first issue zod found; `whole` names a problem with no path. */
function firstProblem(error: z.ZodError, whole: string): string {
  const issue = error.issues[0]!;
  return `${issue.path.join(".") || whole}: ${issue.message}`;
}

function parseBatch(body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CollectorError("invalid_json", "body is not valid JSON");
  }
  const parsed = wireBatch.safeParse(json);
  if (!parsed.success) {
    throw new CollectorError("invalid_batch", firstProblem(parsed.error, "body"));
  }
  return parsed.data;
}

interface ValidEvent {
  index: number;
  event: WireEvent;
  /** Event time corrected for the browser's clock skew. */
  ts: number;
}

function validateEvents(batch: { events: unknown[]; sent_at: number }, site: CollectorSite, receivedAt: number) {
  const skew = receivedAt - batch.sent_at;
  const valid: ValidEvent[] = [];
  const rejected: CollectResponse["rejected"] = [];
  batch.events.forEach((raw, index) => {
    const parsed = wireEvent.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, error: firstProblem(parsed.error, "event") });
      return;
    }
    const event = parsed.data;
    const ts = event.ts + skew;
    if (ts > receivedAt + MAX_EVENT_LEAD_MS) rejected.push({ index, error: "ts: is in the future" });
    else if (ts < receivedAt - MAX_EVENT_AGE_MS) rejected.push({ index, error: "ts: is older than 7 days" });
    else if (!hostAllowed(site, safeHostname(event.url))) {
      rejected.push({ index, error: `url: ${safeHostname(event.url)} is not an allowed domain of this site` });
    } else valid.push({ index, event, ts });
  });
  return { valid, rejected };
}

/**
 * The visitor id of each local day (in the site's zone) the events fall on.
 * An id lasts one local day, the day's own salt hashed in: so the visitors of
 * different days are different ids, and the dashboard can add up unique
 * visitors day by day, exactly (lib/query/whole-days.ts).
 */
async function visitorIdsByDay(
  valid: ValidEvent[],
  site: CollectorSite,
  context: RequestContext,
  saltOf: (day: string) => Promise<string>,
): Promise<Map<string, string>> {
  const days = new Set(valid.map(({ ts }) => localDay(ts, site.timeZone)));
  const ids = await Promise.all([...days].map(async (day) => [day, await visitorId(await saltOf(day), site.id, context.ip, context.userAgent)] as const));
  return new Map(ids);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date ("YYYY-MM-DD") of `ms` in `timeZone`. */
function localDay(ms: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(ms);
}

function toRows(valid: ValidEvent[], site: CollectorSite, context: RequestContext, visitors: Map<string, string>, receivedAt: number): CollectedEvent[] {
  const agent = parseUserAgent(context.userAgent);
  return valid.map(({ event, ts }) => {
    const visitor = visitors.get(localDay(ts, site.timeZone))!;
    const page = pageFacts(event.url, event.referrer);
    return {
      siteId: site.id,
      id: event.id,
      name: event.name,
      ts: new Date(ts),
      receivedAt: new Date(receivedAt),
      visitorId: visitor,
      userId: event.user_id ?? null,
      hostname: page.hostname,
      path: page.path,
      referrer: page.referrer,
      referrerHost: page.referrerHost,
      utmSource: page.utm.source,
      utmMedium: page.utm.medium,
      utmCampaign: page.utm.campaign,
      utmTerm: page.utm.term,
      utmContent: page.utm.content,
      country: context.country ?? null,
      region: context.region ?? null,
      city: context.city ?? null,
      browser: agent.browser,
      browserVersion: agent.browserVersion,
      os: agent.os,
      osVersion: agent.osVersion,
      deviceType: agent.deviceType,
      screenWidth: event.screen_width ?? null,
      language: event.language ?? null,
      props: event.props ?? null,
    };
  });
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** An empty list allows any host; "example.com" also covers www.; "*.example.com" covers subdomains. */
function hostAllowed(site: CollectorSite, host: string): boolean {
  if (site.allowedDomains.length === 0) return true;
  return site.allowedDomains.some((domain) => {
    if (domain.startsWith("*.")) return host === domain.slice(2) || host.endsWith(domain.slice(1));
    return host === domain || host === `www.${domain}`;
  });
}
