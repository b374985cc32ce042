/**
 * Fuzz for POST /api/collect: thousands of generated malformed and hostile
 * requests through `app.request()` against a real database. Invariants:
 *
 * - every answer is a 202 or a 4xx, never a 5xx;
 * - every 4xx is JSON `{ error: { code, message } }` whose message names the problem;
 * - a 202 lists exactly the bad events of the batch in `rejected`;
 * - the log holds exactly the valid events the generator made, as they were sent.
 *
 * The generator is seeded: a failure prints its seed and case numbers, and
 * `FUZZ_SEED=<seed> npx vitest run edge/collector/collector-fuzz.test.ts`
 * replays it. Some inputs have two right answers ("either": a NUL character,
 * a lone surrogate, bytes that are not UTF-8): the collector may clean and
 * keep them or reject them by index, but must not fail the batch.
 */
import { sql } from "drizzle-orm";
import { isbot } from "isbot";
import { afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { queryRows, schema } from "@/lib/db";
import { databaseBackend } from "@/lib/ingest";
import { Random, weightedTable } from "@/lib/seed/random";
import { seededUuidv7 } from "@/lib/seed/seeded-uuidv7";
import { describeEachDatabase } from "@/lib/testing/databases";
import { createCollectorApp, type CollectResponse } from "./collector-app";
import { LIMITS, wireEvent } from "./wire-schema";

// Tests may read process.env: these variables configure the run, not the app.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
/** Requests per database: PGlite is in-process and cheap; a server target only needs a sample. */
const CASES: Record<string, number> = { pglite: 10_000, pg: 2_000, neon: 300 };
const CONCURRENCY: Record<string, number> = { pglite: 4, pg: 8, neon: 4 };

const NOW = Date.parse("2026-11-21T12:00:00Z");
const DAY = 86_400_000;
/** The collector's window for skew-corrected event times (collector-app.ts). */
const MAX_AGE = 7 * DAY;
const MAX_LEAD = 60_000;

type Site = "strict" | "open";
const KEYS: Record<Site, string> = { strict: "pk_fuzz_strict", open: "pk_fuzz_open" };
const STRICT_DOMAINS = ["example.com", "*.shop.example"];

// ---------------------------------------------------------------- the oracle

type Verdict = "valid" | "invalid" | "either";

interface PlannedEvent {
  verdict: Verdict;
  /** The mutation that made it invalid or doubtful ("ok" for a plain valid event). */
  tag: string;
  /** Lower-case id, when the event carries a well-formed one. */
  id?: string;
  /** The field a rejection must name. */
  field?: string;
  /** What the log must hold for this valid event; unset when another send of the id may win. */
  stored?: StoredFacts;
}

interface StoredFacts {
  name: string;
  userId: string | null;
  props: Record<string, unknown> | null;
}

type Expectation =
  | { kind: "events"; events: PlannedEvent[]; bot: boolean }
  | { kind: "refused"; statuses: readonly number[]; code: string; names: string };

interface FuzzCase {
  index: number;
  /** The generator that made it. */
  label: string;
  tags: string[];
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | undefined;
  expect: Expectation;
}

// ------------------------------------------------------- building raw bodies

/** A JSON token written as is: `1e400`, `NaN`, 20,000 nested brackets. */
class RawJson {
  constructor(readonly text: string) {}
}

/** Byte sequences that are not UTF-8: stray continuation, overlong, encoded surrogate, truncated. */
const BAD_UTF8: readonly (readonly number[])[] = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]];
/** Stands for BAD_UTF8[k] in a string until the body is encoded. */
const badUtf8 = (k: number) => `\u0001${k}\u0001`;

function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof RawJson ? `\u0002${raws.push(item.text) - 1}\u0002` : item));
  return text.replace(/"\\u0002(\d+)\\u0002"/g, (_all, index: string) => raws[Number(index)]!);
}

const encoder = new TextEncoder();

/** The body as sent: text, or bytes where a BAD_UTF8 marker (escaped inside a JSON string, or raw) was placed. */
function encodeBody(text: string): string | Uint8Array<ArrayBuffer> {
  const marker = /\\u0001(\d)\\u0001|\u0001(\d)\u0001/g;
  if (!text.includes("\u0001") && !text.includes("\\u0001")) return text;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let last = 0;
  for (const match of text.matchAll(marker)) {
    parts.push(encoder.encode(text.slice(last, match.index)), Uint8Array.from(BAD_UTF8[Number(match[1] ?? match[2])]!));
    last = match.index + match[0].length;
  }
  parts.push(encoder.encode(text.slice(last)));
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

const nested = (depth: number, open = "[", close = "]") => new RawJson(open.repeat(depth) + "0" + close.repeat(depth));
const nestedObject = (depth: number) => new RawJson('{"a":'.repeat(depth) + "0" + "}".repeat(depth));

/** An object with an own key that an object literal would treat as a prototype setter. */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

// ------------------------------------------------------------- the material

/** Pieces of valid but hostile text: quotes, controls, bidi overrides, astral planes, SQL and HTML. */
const HOSTILE_PIECES = [
  "a", "Z", "0", " ", "'", '"', "\\", "/", "<", ">", "&", "%", "_", "\n", "\t", "\r", "\u001f", "\u007f",
  "é", "ß", "中", "ع", "ע", "\u200f", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "🎉",
  "👩‍👩‍👧", "e\u0301", "𝕏", "$", "{", "}", "`", "${x}", "%s", "' OR 1=1 --", "<script>", "NaN", "null",
];
const PROP_KEYS = ["constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__", "isPrototypeOf", "then", "length", "0", "-1", "plan", "k".repeat(LIMITS.propKeyLength)];
const PROP_NUMBERS = [0, -0, 1.5, -1e308, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 0.1 + 0.2, 1e21, -42];
const STRICT_HOSTS = ["example.com", "www.example.com", "shop.example", "a.shop.example", "deep.a.shop.example", "EXAMPLE.COM", "Www.Example.com"];
const OPEN_HOSTS = [...STRICT_HOSTS, "bücher.example", "127.0.0.1:8080", "[::1]", "localhost:3000", "xn--bcher-kva.example", "evil.test", "a-b.c-d.example"];
const PATHS = [
  "/", "/pricing", "/%E2%9C%93", "/a/../b", "/ünïcødé", "/<script>alert(1)</script>", "/'%20OR%201=1", "/%25", "/%ZZ", "/%ED%A0%80",
  "/emoji/🎉", "/a?b=c&utm_source=news&utm_campaign=%F0%9F%8E%89", "/#frag", `/?utm_source=${"🎉".repeat(200)}`, "/a\\b", "/?x=%01ok",
];
const ALLOWED_ORIGINS = ["https://example.com", "https://www.example.com", "https://shop.example", "https://a.shop.example", "http://example.com:8080"];
const FORGED_ORIGINS = [
  "https://evil.test", "https://example.com.evil.test", "https://evilexample.com", "https://example.com@evil.test", "null", "garbage",
  "https://sub.example.com", "file://", "https://shop.example.evil", "https://example.com%2eevil.test", "chrome-extension://abcdef",
  "https://shop.example.com", "https://ashop.example", "https://xn--exmple-cua.com", "https://EXAMPLE.COM.evil.test", "",
].filter(Boolean);
const CONTENT_TYPES = [
  "text/plain", "text/plain;charset=UTF-8", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
  "application/xml", "application/octet-stream", "application/json; charset=utf-16", "", "text/html",
];
/** Real browsers, an empty agent and junk that isbot lets through: none may be dropped as a bot. */
const BROWSERS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0 <script>",
  "",
].filter((agent) => !isbot(agent));
const BOTS = ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", "python-requests/2.31", "Mozilla/5.0", "x".repeat(10_000)];

// ------------------------------------------------------------- the generator

class Fuzzer {
  readonly random: Random;
  private readonly replayable: FuzzCase[] = [];
  private readonly sentValid: { id: string; site: Site }[] = [];
  /** Ids sent again with another payload: whichever send lands first is kept. */
  readonly resentIds = new Set<string>();

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Text of `min..max` UTF-16 units from HOSTILE_PIECES; sometimes exactly `max`. */
  text(max: number, min = 1): string {
    const r = this.random;
    const target = r.chance(0.1) ? max : r.between(min, Math.min(max, r.chance(0.8) ? 24 : max));
    let out = "";
    for (let tries = 0; out.length < target && tries < 200; tries++) {
      const piece = r.pick(HOSTILE_PIECES);
      // A leading U+FEFF is refused by name (an encoding artefact PGlite would drop): see BOM_CASES.
      if (out === "" && piece === "\ufeff") continue;
      if (out.length + piece.length <= target) out += piece;
    }
    return out.padEnd(Math.max(min, out.length), "a");
  }

  id(): string {
    return seededUuidv7(NOW - this.random.int(DAY), this.random);
  }

  ip(): string {
    const r = this.random;
    return r.pick([
      () => `${r.between(1, 223)}.${r.int(256)}.${r.int(256)}.${r.int(256)}`,
      () => `2001:db8::${r.int(65536).toString(16)}`,
      () => "not-an-ip",
      () => "",
      () => "1.2.3.4, 5.6.7.8",
    ])();
  }

  url(site: Site): string {
    const r = this.random;
    const url = `${r.pick(["https", "http"])}://${r.pick(site === "strict" ? STRICT_HOSTS : OPEN_HOSTS)}${r.pick(PATHS)}`;
    // The longest URL the schema takes.
    return r.chance(0.03) ? url + "a".repeat(Math.max(0, LIMITS.urlLength - url.length)) : url;
  }

  /** The batch's sent_at, the browser's clock: mostly right, sometimes days off. */
  sentAt(): number {
    const r = this.random;
    return r.weighted(SKEWS)(r);
  }

  props(): Record<string, unknown> {
    const r = this.random;
    const props: Record<string, unknown> = {};
    const count = r.chance(0.05) ? LIMITS.propCount : r.between(0, 6);
    while (Object.keys(props).length < count) {
      const key = r.chance(0.5) ? r.pick(PROP_KEYS) : this.text(LIMITS.propKeyLength);
      props[key] = r.pick([
        () => this.text(LIMITS.propValueLength, 0),
        () => (r.chance(0.1) ? "v".repeat(LIMITS.propValueLength) : "NaN"),
        () => r.pick(PROP_NUMBERS),
        () => r.chance(0.5),
        () => null,
        () => r.pick(["Infinity", "1e400", "", "__proto__"]),
      ])();
    }
    return props;
  }

  /** A valid event of `site` for a batch sent at `sentAt`. */
  validEvent(site: Site, sentAt: number): { wire: Record<string, unknown>; planned: PlannedEvent } {
    const r = this.random;
    const id = this.id();
    // Skew-corrected time, the window's edges included.
    const target = r.pick([NOW - MAX_AGE, NOW + MAX_LEAD, NOW - r.int(MAX_AGE), NOW + r.int(MAX_LEAD), NOW]);
    const wire: Record<string, unknown> = {
      id: r.chance(0.1) ? id.toUpperCase() : id,
      name: r.chance(0.4) ? "pageview" : r.chance(0.2) ? "n".repeat(LIMITS.nameLength) : this.text(LIMITS.nameLength),
      ts: target - (NOW - sentAt),
      url: this.url(site),
    };
    if (r.chance(0.4)) wire.referrer = r.pick([() => "https://www.google.com/search?q=x", () => this.text(LIMITS.urlLength, 0), () => "r".repeat(LIMITS.urlLength)])();
    if (r.chance(0.3)) wire.screen_width = r.pick([0, 1, 390, 1920, 100_000]);
    if (r.chance(0.3)) wire.language = r.chance(0.5) ? "en-US" : this.text(35, 0);
    if (r.chance(0.2)) wire.user_id = r.chance(0.2) ? "u".repeat(LIMITS.userIdLength) : this.text(LIMITS.userIdLength);
    if (r.chance(0.4)) wire.props = this.props();
    // Keys the schema does not know are dropped: prototype names and deep JSON included.
    if (r.chance(0.05)) withOwnKey(wire, "__proto__", { polluted: true });
    if (r.chance(0.03)) withOwnKey(wire, "constructor", { prototype: { polluted: true } });
    if (r.chance(0.02)) wire.extra = r.chance(0.5) ? nested(2_000) : nestedObject(1_000);
    const props = wire.props === undefined ? null : (JSON.parse(JSON.stringify(wire.props)) as Record<string, unknown>);
    this.sentValid.push({ id, site });
    return {
      wire,
      planned: { verdict: "valid", tag: "ok", id, stored: { name: wire.name as string, userId: (wire.user_id as string | undefined) ?? null, props } },
    };
  }

  /** A previously sent valid id with a new payload: accepted, stored once, first write wins. */
  resentId(site: Site, sentAt: number): { wire: Record<string, unknown>; planned: PlannedEvent } | undefined {
    const earlier = this.sentValid.filter((sent) => sent.site === site);
    if (earlier.length === 0) return undefined;
    const { id } = this.random.pick(earlier);
    const { wire } = this.validEvent(site, sentAt);
    this.sentValid.pop();
    wire.id = id;
    this.resentIds.add(id);
    return { wire, planned: { verdict: "valid", tag: "resent-id", id } };
  }

  /** An event that breaks one rule, or one of the inputs with two right answers. */
  faultyEvent(site: Site, sentAt: number, verdict: "invalid" | "either"): { wire: unknown; planned: PlannedEvent } {
    const faults = (verdict === "invalid" ? EVENT_FAULTS : EITHER_FAULTS).filter((fault) => !fault.sites || fault.sites.includes(site));
    const fault = this.random.pick(faults);
    const { wire, planned } = this.validEvent(site, sentAt);
    this.sentValid.pop();
    const made = fault.apply(wire, this, sentAt);
    const id = made === wire && fault.field !== "id" ? planned.id : undefined;
    return { wire: made, planned: { verdict, tag: fault.tag, field: fault.field, id } };
  }

  headers(options: { site?: Site; bot?: boolean } = {}): Record<string, string> {
    const r = this.random;
    const headers: Record<string, string> = { "user-agent": options.bot ? r.pick(BOTS) : r.pick(BROWSERS), "x-real-ip": this.ip() };
    const type = r.pick(CONTENT_TYPES);
    if (type) headers["content-type"] = type;
    if (r.chance(0.5)) {
      if (options.site === "strict") headers.origin = r.pick(ALLOWED_ORIGINS);
      else if (options.site === "open") headers.origin = r.pick([...ALLOWED_ORIGINS, ...FORGED_ORIGINS]);
    }
    if (r.chance(0.1)) headers["x-forwarded-for"] = `${this.ip()}, ${this.ip()}`;
    if (r.chance(0.02)) headers["x-junk"] = "j".repeat(8_000);
    return headers;
  }

  /** A batch whose events follow `plan` (valid, invalid or either, per slot). */
  eventsCase(label: string, plan: Verdict[], options: { site?: Site; bot?: boolean } = {}) {
    const r = this.random;
    const site = options.site ?? r.pick<Site>(["strict", "open"]);
    const sentAt = this.sentAt();
    const events: unknown[] = [];
    const planned: PlannedEvent[] = [];
    for (const verdict of plan) {
      // The same event twice in one batch: both accepted, stored once.
      if (verdict === "valid" && planned.at(-1)?.verdict === "valid" && r.chance(0.02)) {
        events.push(events.at(-1));
        planned.push({ ...planned.at(-1)! });
        continue;
      }
      const made =
        verdict === "valid"
          ? (r.chance(0.03) && this.resentId(site, sentAt)) || this.validEvent(site, sentAt)
          : this.faultyEvent(site, sentAt, verdict);
      events.push(made.wire);
      planned.push(made.planned);
    }
    const batch: Record<string, unknown> = { site: KEYS[site], sent_at: sentAt, events };
    if (r.chance(0.05)) withOwnKey(batch, "__proto__", { site: "pk_nobody", polluted: true });
    if (r.chance(0.03)) withOwnKey(batch, "constructor", { prototype: { polluted: true } });
    if (r.chance(0.02)) batch.padding = nested(3_000);
    const headers = this.headers({ site, bot: options.bot });
    return {
      label: `${label}(${site})`,
      tags: [...new Set(planned.filter((p) => p.verdict !== "valid").map((p) => p.tag))],
      headers,
      text: jsonText(batch),
      expect: { kind: "events" as const, events: planned, bot: isbot(headers["user-agent"] ?? "") },
    };
  }

  refusal(label: string, tag: string, body: string | Uint8Array<ArrayBuffer> | undefined, refused: Omit<Extract<Expectation, { kind: "refused" }>, "kind">, site?: Site) {
    return { label, tags: [tag], headers: this.headers({ site }), body, expect: { kind: "refused" as const, ...refused } };
  }

  /** A valid batch as JSON text, for cases that damage its bytes. */
  validBatchText(site: Site = "strict"): string {
    const sentAt = this.sentAt();
    return jsonText({ site: KEYS[site], sent_at: sentAt, events: [this.validEvent(site, sentAt).wire] });
  }

  plan(length: number, validShare: number, eitherShare = 0): Verdict[] {
    const r = this.random;
    return Array.from({ length }, () => (r.chance(validShare) ? "valid" : r.chance(eitherShare) ? "either" : "invalid"));
  }

  batchSize(): number {
    const r = this.random;
    return r.chance(0.03) ? LIMITS.eventsPerBatch : r.chance(0.2) ? r.between(1, LIMITS.eventsPerBatch) : r.between(1, 6);
  }

  next(index: number): FuzzCase {
    const r = this.random;
    const made = r.weighted(GENERATORS)(this);
    const fuzzCase: FuzzCase = { index, ...made, tags: made.tags ?? [] };
    // Fifty events with thirty long props each outgrow the body limit: that is a 413 too.
    const size = fuzzCase.body === undefined ? 0 : typeof fuzzCase.body === "string" ? encoder.encode(fuzzCase.body).length : fuzzCase.body.length;
    if (size > LIMITS.bodyBytes) fuzzCase.expect = { kind: "refused", statuses: [413], code: "payload_too_large", names: "body" };
    if (fuzzCase.expect.kind === "events" && r.chance(0.2)) this.replayable.push(fuzzCase);
    return fuzzCase;
  }

  /** An earlier batch sent again unchanged, as a retrying tracker would. */
  replay(): Omit<FuzzCase, "index"> | undefined {
    if (this.replayable.length === 0) return undefined;
    const earlier = this.random.pick(this.replayable);
    return { ...earlier, label: `replay of #${earlier.index}` };
  }
}

const SKEWS = weightedTable<(r: Random) => number>([
  [() => NOW, 70],
  [(r) => NOW - r.int(30 * DAY), 10],
  [(r) => NOW + r.int(30 * DAY), 10],
  [(r) => NOW - r.int(5_000), 9],
  // The largest sent_at the schema takes: event times must be as large to land in the window.
  [() => Number.MAX_SAFE_INTEGER - DAY, 1],
]);

interface EventFault {
  tag: string;
  field: string;
  sites?: Site[];
  /** Damage `event` in place and return it, or return something else entirely. */
  apply: (event: Record<string, unknown>, fuzzer: Fuzzer, sentAt: number) => unknown;
}

const set = (field: string, value: unknown) => (event: Record<string, unknown>) => ((event[field] = value), event);
const drop = (field: string) => (event: Record<string, unknown>) => (delete event[field], event);
const correctedTs = (target: number) => (event: Record<string, unknown>, _fuzzer: Fuzzer, sentAt: number) => ((event.ts = target - (NOW - sentAt)), event);

const EVENT_FAULTS: EventFault[] = [
  { tag: "event:null", field: "event", apply: () => null },
  { tag: "event:number", field: "event", apply: () => 42 },
  { tag: "event:string", field: "event", apply: () => "pageview" },
  { tag: "event:array", field: "event", apply: (event) => [event] },
  { tag: "event:deep-array", field: "event", apply: () => nested(2_000) },
  { tag: "event:deep-array-huge", field: "event", apply: () => nested(10_000) },
  // An object after all: the first rule it breaks is the missing id.
  { tag: "event:deep-object", field: "id", apply: () => nestedObject(1_500) },
  { tag: "id:missing", field: "id", apply: drop("id") },
  { tag: "id:number", field: "id", apply: set("id", 123) },
  { tag: "id:not-uuid", field: "id", apply: set("id", "not-a-uuid") },
  { tag: "id:v4", field: "id", apply: set("id", "9b2c6f8e-3d1a-4c5b-9e7f-0a1b2c3d4e5f") },
  { tag: "id:empty", field: "id", apply: set("id", "") },
  { tag: "id:huge", field: "id", apply: set("id", "0".repeat(20_000)) },
  { tag: "id:null", field: "id", apply: set("id", null) },
  { tag: "id:object", field: "id", apply: set("id", { $gt: "" }) },
  { tag: "id:braces", field: "id", apply: (event) => ((event.id = `{${String(event.id)}}`), event) },
  { tag: "name:missing", field: "name", apply: drop("name") },
  { tag: "name:empty", field: "name", apply: set("name", "") },
  { tag: "name:too-long", field: "name", apply: set("name", "n".repeat(LIMITS.nameLength + 1)) },
  // zod counts code points: 65 emoji are 130 UTF-16 units.
  { tag: "name:astral-too-long", field: "name", apply: set("name", "🎉".repeat(LIMITS.nameLength + 1)) },
  { tag: "name:number", field: "name", apply: set("name", 7) },
  { tag: "name:array", field: "name", apply: set("name", ["pageview"]) },
  { tag: "ts:NaN-string", field: "ts", apply: set("ts", "NaN") },
  { tag: "ts:Infinity-string", field: "ts", apply: set("ts", "Infinity") },
  { tag: "ts:1e400-string", field: "ts", apply: set("ts", "1e400") },
  { tag: "ts:1e400", field: "ts", apply: set("ts", new RawJson("1e400")) },
  { tag: "ts:-1e400", field: "ts", apply: set("ts", new RawJson("-1e400")) },
  { tag: "ts:digits-string", field: "ts", apply: set("ts", String(NOW)) },
  { tag: "ts:fraction", field: "ts", apply: set("ts", NOW + 0.5) },
  { tag: "ts:negative", field: "ts", apply: set("ts", -1) },
  { tag: "ts:zero", field: "ts", apply: set("ts", 0) },
  { tag: "ts:unsafe", field: "ts", apply: set("ts", 2 ** 60) },
  { tag: "ts:too-old", field: "ts", apply: correctedTs(NOW - MAX_AGE - 1) },
  { tag: "ts:future", field: "ts", apply: correctedTs(NOW + MAX_LEAD + 1) },
  { tag: "url:missing", field: "url", apply: drop("url") },
  { tag: "url:not-url", field: "url", apply: set("url", "not a url") },
  { tag: "url:empty", field: "url", apply: set("url", "") },
  { tag: "url:too-long", field: "url", apply: set("url", `https://example.com/${"a".repeat(LIMITS.urlLength)}`) },
  { tag: "url:number", field: "url", apply: set("url", 5) },
  { tag: "url:bad-port", field: "url", apply: set("url", "https://example.com:99999/") },
  { tag: "url:host-not-allowed", field: "url", sites: ["strict"], apply: set("url", "https://evil.test/") },
  { tag: "url:suffix-host", field: "url", sites: ["strict"], apply: set("url", "https://example.com.evil.test/") },
  { tag: "url:prefix-host", field: "url", sites: ["strict"], apply: set("url", "https://evilexample.com/") },
  { tag: "url:subdomain", field: "url", sites: ["strict"], apply: set("url", "https://sub.example.com/") },
  { tag: "url:userinfo", field: "url", sites: ["strict"], apply: set("url", "https://example.com@evil.test/") },
  { tag: "url:javascript", field: "url", sites: ["strict"], apply: set("url", "javascript:alert(1)") },
  { tag: "url:data", field: "url", sites: ["strict"], apply: set("url", "data:text/html,<script>alert(1)</script>") },
  { tag: "referrer:number", field: "referrer", apply: set("referrer", 5) },
  { tag: "referrer:too-long", field: "referrer", apply: set("referrer", "r".repeat(LIMITS.urlLength + 1)) },
  { tag: "referrer:object", field: "referrer", apply: set("referrer", {}) },
  { tag: "screen_width:negative", field: "screen_width", apply: set("screen_width", -1) },
  { tag: "screen_width:fraction", field: "screen_width", apply: set("screen_width", 1.5) },
  { tag: "screen_width:huge", field: "screen_width", apply: set("screen_width", 100_001) },
  { tag: "screen_width:string", field: "screen_width", apply: set("screen_width", "1024") },
  { tag: "screen_width:1e400", field: "screen_width", apply: set("screen_width", new RawJson("1e400")) },
  { tag: "language:too-long", field: "language", apply: set("language", "l".repeat(36)) },
  { tag: "language:number", field: "language", apply: set("language", 5) },
  { tag: "user_id:too-long", field: "user_id", apply: set("user_id", "u".repeat(LIMITS.userIdLength + 1)) },
  { tag: "user_id:object", field: "user_id", apply: set("user_id", { admin: true }) },
  { tag: "props:array", field: "props", apply: set("props", [1, 2]) },
  { tag: "props:string", field: "props", apply: set("props", "plan=pro") },
  { tag: "props:too-many", field: "props", apply: set("props", Object.fromEntries(Array.from({ length: LIMITS.propCount + 1 }, (_, i) => [`k${i}`, i]))) },
  { tag: "props:key-too-long", field: "props", apply: set("props", { ["k".repeat(LIMITS.propKeyLength + 1)]: 1 }) },
  { tag: "props:key-empty", field: "props", apply: set("props", { "": 1 }) },
  { tag: "props:value-too-long", field: "props", apply: set("props", { plan: "v".repeat(LIMITS.propValueLength + 1) }) },
  { tag: "props:value-object", field: "props", apply: set("props", { plan: { tier: "pro" } }) },
  { tag: "props:value-array", field: "props", apply: set("props", { plan: [1] }) },
  { tag: "props:value-1e400", field: "props", apply: set("props", { plan: new RawJson("1e400") }) },
  { tag: "props:value-deep", field: "props", apply: set("props", { plan: nested(1_000) }) },
  { tag: "props:constructor-object", field: "props", apply: set("props", { constructor: { prototype: { polluted: true } } }) },
];

/** Inputs the collector may clean and keep or reject by index; either way the batch must not fail. */
const EITHER_FAULTS: EventFault[] = [
  { tag: "nul:name", field: "name", apply: set("name", "a\u0000b") },
  { tag: "nul:user_id", field: "user_id", apply: set("user_id", "\u0000") },
  { tag: "nul:language", field: "language", apply: set("language", "en\u0000") },
  { tag: "nul:props-value", field: "props", apply: set("props", { plan: "x\u0000y" }) },
  { tag: "nul:props-key", field: "props", apply: set("props", { "k\u0000": 1 }) },
  { tag: "nul:referrer", field: "referrer", apply: set("referrer", "https://r.example/\u0000x") },
  { tag: "bom:name", field: "name", apply: set("name", "\ufeffsignup") },
  { tag: "bom:props-key", field: "props", apply: set("props", { "\ufeffplan": "pro" }) },
  { tag: "nul:url-path", field: "url", apply: set("url", "https://example.com/a%00b") },
  { tag: "nul:url-utm", field: "url", apply: set("url", "https://example.com/?utm_source=%00") },
  { tag: "surrogate:name", field: "name", apply: set("name", "\ud800x") },
  { tag: "surrogate:props-value", field: "props", apply: set("props", { plan: "\udfff" }) },
  { tag: "surrogate:props-key", field: "props", apply: set("props", { "\ud83d": 1 }) },
  { tag: "bad-utf8:name", field: "name", apply: (event, fuzzer) => ((event.name = `a${badUtf8(fuzzer.random.int(BAD_UTF8.length))}b`), event) },
  { tag: "bad-utf8:props-value", field: "props", apply: (event, fuzzer) => ((event.props = { plan: badUtf8(fuzzer.random.int(BAD_UTF8.length)) }), event) },
  // zod drops a "__proto__" key of a record (it guards against prototype pollution).
  { tag: "proto:props-key", field: "props", apply: (event) => ((event.props = withOwnKey({ plan: "pro" }, "__proto__", { polluted: true })), event) },
];

type Made = Omit<FuzzCase, "index" | "tags"> & { tags?: string[] };

const invalidJson = (fuzzer: Fuzzer): Made => {
  const r = fuzzer.random;
  const valid = fuzzer.validBatchText();
  const cut = r.between(1, valid.length - 1);
  const [tag, body] = r.pick<[string, () => string | Uint8Array<ArrayBuffer> | undefined]>([
    ["empty", () => ""],
    ["no-body", () => undefined],
    ["brace", () => "{"],
    ["word", () => "{nope"],
    ["undefined", () => "undefined"],
    ["NaN", () => "NaN"],
    ["xml", () => '<?xml version="1.0"?><batch/>'],
    ["form", () => "site=pk_fuzz_strict&events=%5B%5D"],
    ["single-quotes", () => "{'site': 'pk_fuzz_strict'}"],
    ["truncated", () => valid.slice(0, cut)],
    ["trailing-garbage", () => `${valid}x`],
    ["comment", () => `${valid}// done`],
    ["raw-tab-in-string", () => valid.replace('"site":"', '"site":"\t')],
    ["sent_at:NaN", () => valid.replace(/"sent_at":[^,]+/, '"sent_at":NaN')],
    ["sent_at:Infinity", () => valid.replace(/"sent_at":[^,]+/, '"sent_at":Infinity')],
    ["sent_at:hex", () => valid.replace(/"sent_at":[^,]+/, '"sent_at":0x10')],
    ["sent_at:plus", () => valid.replace(/"sent_at":/, '"sent_at":+')],
    ["bad-utf8-between-tokens", () => encodeBody(valid.slice(0, valid.indexOf(",")) + badUtf8(r.int(BAD_UTF8.length)) + valid.slice(valid.indexOf(",")))],
    ["random-bytes", () => Uint8Array.from({ length: r.between(1, 2_000) }, (_, i) => (i === 0 ? 0xff : r.int(256)))],
    ["nul-byte", () => `{"site":"pk_fuzz_strict"\u0000}`],
  ]);
  return fuzzer.refusal("invalid-json", tag, body(), { statuses: [400], code: "invalid_json", names: "JSON" });
};

const batchFault = (fuzzer: Fuzzer): Made => {
  const r = fuzzer.random;
  const sentAt = fuzzer.sentAt();
  const batch: Record<string, unknown> = { site: KEYS.strict, sent_at: sentAt, events: [fuzzer.validEvent("strict", sentAt).wire] };
  const [tag, names, apply] = r.pick<[string, string, () => unknown]>([
    ["body:null", "body", () => null],
    ["body:number", "body", () => 42],
    ["body:string", "body", () => "batch"],
    ["body:array", "body", () => [batch]],
    ["body:true", "body", () => true],
    ["body:1e400", "body", () => new RawJson("1e400")],
    ["body:deep", "body", () => nested(20_000)],
    ["site:missing", "site", () => (delete batch.site, batch)],
    ["site:number", "site", () => ((batch.site = 5), batch)],
    ["site:empty", "site", () => ((batch.site = ""), batch)],
    ["site:too-long", "site", () => ((batch.site = "k".repeat(65)), batch)],
    ["site:null", "site", () => ((batch.site = null), batch)],
    ["site:array", "site", () => ((batch.site = [KEYS.strict]), batch)],
    ["site:object", "site", () => ((batch.site = { $ne: "" }), batch)],
    ["site:only-in-proto", "site", () => (delete batch.site, withOwnKey(batch, "__proto__", { site: KEYS.strict }))],
    ["sent_at:missing", "sent_at", () => (delete batch.sent_at, batch)],
    ["sent_at:NaN-string", "sent_at", () => ((batch.sent_at = "NaN"), batch)],
    ["sent_at:Infinity-string", "sent_at", () => ((batch.sent_at = "Infinity"), batch)],
    ["sent_at:1e400-string", "sent_at", () => ((batch.sent_at = "1e400"), batch)],
    ["sent_at:1e400", "sent_at", () => ((batch.sent_at = new RawJson("1e400")), batch)],
    ["sent_at:fraction", "sent_at", () => ((batch.sent_at = 1.5), batch)],
    ["sent_at:zero", "sent_at", () => ((batch.sent_at = 0), batch)],
    ["sent_at:negative", "sent_at", () => ((batch.sent_at = -5), batch)],
    ["sent_at:unsafe", "sent_at", () => ((batch.sent_at = 2 ** 60), batch)],
    ["sent_at:string", "sent_at", () => ((batch.sent_at = String(NOW)), batch)],
    ["events:missing", "events", () => (delete batch.events, batch)],
    ["events:object", "events", () => ((batch.events = { 0: {} }), batch)],
    ["events:string", "events", () => ((batch.events = "[]"), batch)],
    ["events:empty", "events", () => ((batch.events = []), batch)],
    ["events:null", "events", () => ((batch.events = null), batch)],
    ["events:51", "events", () => ((batch.events = Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => ({}))), batch)],
    ["events:giant", "events", () => ((batch.events = new RawJson(`[${"0,".repeat(19_999)}0]`)), batch)],
  ]);
  return fuzzer.refusal("batch-fault", tag, encodeBody(jsonText(apply())), { statuses: [400], code: "invalid_batch", names });
};

const unknownSite = (fuzzer: Fuzzer): Made => {
  const r = fuzzer.random;
  const sentAt = fuzzer.sentAt();
  const [tag, key, statuses] = r.pick<[string, string, number[]]>([
    ["nobody", "pk_nobody", [404]],
    ["upper-case", KEYS.strict.toUpperCase(), [404]],
    ["trailing-space", `${KEYS.strict} `, [404]],
    ["leading-space", ` ${KEYS.strict}`, [404]],
    ["prefix", KEYS.strict.slice(0, -1), [404]],
    ["like-wildcard", "pk_fuzz_%", [404]],
    ["like-underscore", "pk_fuzz__trict", [404]],
    ["sql", "' OR '1'='1", [404]],
    ["newline", `${KEYS.strict}\n`, [404]],
    ["emoji", "🔑", [404]],
    ["longest", "k".repeat(64), [404]],
    ["hostile", fuzzer.text(64), [404]],
    ["bad-utf8", `pk_${badUtf8(r.int(BAD_UTF8.length))}`, [404]],
    ["lone-surrogate", "pk_\ud800", [400, 404]],
    ["nul", `${KEYS.strict}\u0000`, [400, 404]],
  ]);
  const body = encodeBody(jsonText({ site: key, sent_at: sentAt, events: [fuzzer.validEvent("strict", sentAt).wire] }));
  return fuzzer.refusal("unknown-site", `site:${tag}`, body, { statuses, code: statuses.length > 1 ? "" : "unknown_site", names: "site" });
};

const forgedOrigin = (fuzzer: Fuzzer): Made => {
  const made = fuzzer.eventsCase("forged-origin", fuzzer.plan(fuzzer.random.between(1, 4), 1), { site: "strict" });
  const origin = fuzzer.random.pick(FORGED_ORIGINS);
  return {
    label: "forged-origin",
    tags: [`origin:${origin.slice(0, 40)}`],
    headers: { ...made.headers, origin },
    body: made.text,
    expect: { kind: "refused", statuses: [403], code: "origin_not_allowed", names: "origin" },
  };
};

const tooLarge = (fuzzer: Fuzzer): Made => {
  const r = fuzzer.random;
  const valid = fuzzer.validBatchText();
  const [tag, body] = r.pick<[string, () => string]>([
    ["huge-prop", () => valid.replace('"events":[{', `"events":[{"props":{"big":"${"x".repeat(70_000)}"},`)],
    ["giant-array", () => jsonText({ site: KEYS.strict, sent_at: NOW, events: new RawJson(`[${"0,".repeat(40_000)}0]`) })],
    ["one-byte-over", () => valid + " ".repeat(LIMITS.bodyBytes + 1 - encoder.encode(valid).length)],
    ["deep", () => nested(40_000).text],
    ["garbage", () => "%".repeat(100_000)],
    ["multibyte", () => valid.replace('"events":[{', `"events":[{"name":"${"中".repeat(25_000)}",`)],
  ]);
  return fuzzer.refusal("too-large", tag, body(), { statuses: [413], code: "payload_too_large", names: "body" });
};

/** The largest body the collector takes: a valid batch padded with JSON whitespace to exactly the limit. */
const exactLimit = (fuzzer: Fuzzer): Made => {
  const made = fuzzer.eventsCase("exact-limit", ["valid"]);
  const padding = LIMITS.bodyBytes - encoder.encode(made.text).length;
  return { ...made, body: made.text + "\n \t\r".repeat(Math.ceil(padding / 4)).slice(0, padding) };
};

const withBom = (fuzzer: Fuzzer): Made => {
  const made = fuzzer.eventsCase("bom", ["valid"]);
  // Request.text() strips one UTF-8 byte order mark, as browsers do.
  return { ...made, body: Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode(made.text)]) };
};

const eventsCase = (label: string, plan: (fuzzer: Fuzzer) => Verdict[], options: { bot?: boolean } = {}) => (fuzzer: Fuzzer): Made => {
  const made = fuzzer.eventsCase(label, plan(fuzzer), options);
  return { ...made, body: encodeBody(made.text) };
};

// Writes cost a few ms on PGlite, refusals a fraction of one: the mix keeps
// 10,000 requests under 20 s while every kind still comes up hundreds of times.
const GENERATORS = weightedTable<(fuzzer: Fuzzer) => Made>([
  [eventsCase("valid", (f) => f.plan(f.batchSize(), 1)), 8],
  [eventsCase("mixed", (f) => f.plan(f.batchSize(), 0.6)), 10],
  [eventsCase("all-invalid", (f) => f.plan(f.random.between(1, 5), 0)), 4],
  [eventsCase("either", (f) => f.plan(f.random.between(1, 4), 0.5, 1)), 3],
  [eventsCase("bot", (f) => f.plan(f.random.between(1, 4), 0.8), { bot: true }), 3],
  [(f) => f.replay() ?? eventsCase("valid", (g) => g.plan(2, 1))(f), 2],
  [invalidJson, 16],
  [batchFault, 20],
  [unknownSite, 8],
  [forgedOrigin, 6],
  [tooLarge, 5],
  [exactLimit, 1],
  [withBom, 1],
]);

// --------------------------------------------------------------- the checks

interface Outcome {
  /** Problems found; empty when the answer was right. */
  problems: string[];
  /** Ids the answer acknowledged as stored. */
  acknowledged: string[];
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: { rejected?: { index: number; error: string }[] } };
}

function namesField(error: string, field: string) {
  return error === field || error.startsWith(`${field}:`) || error.startsWith(`${field}.`);
}

/** A rejection reason without the parts that vary from event to event, so that like problems group. */
function gist(reason: string) {
  return reason.replace(/^([\w.]*?)\.[^:]*:/, "$1.<key>:").replace(/^url: \S+ is not/, "url: <host> is not").slice(0, 60);
}

/** Judge one answer against what the generator planned. */
function judge(fuzzCase: FuzzCase, status: number, headers: Headers, text: string): Outcome {
  const problems: string[] = [];
  const acknowledged: string[] = [];
  const { expect: expected } = fuzzCase;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problems: [`${status} answer is not JSON`], acknowledged };
  }
  if (status >= 500) return { problems: [`answered ${status}`], acknowledged };
  if (status !== 202 && (status < 400 || status > 499)) return { problems: [`answered ${status}, neither 202 nor 4xx`], acknowledged };

  if (status !== 202) {
    const error = (json as ErrorBody).error;
    if (typeof error?.code !== "string" || typeof error.message !== "string" || error.message.length < 5) {
      problems.push(`${status} body is not {error: {code, message}}`);
      return { problems, acknowledged };
    }
    if (!headers.get("content-type")?.startsWith("application/json")) problems.push(`${status} is not served as JSON`);
    if (expected.kind === "refused") {
      if (!expected.statuses.includes(status)) problems.push(`answered ${status} ${error.code}, expected ${expected.statuses.join(" or ")} ${expected.code}`);
      else if (expected.code && error.code !== expected.code) problems.push(`code ${error.code}, expected ${expected.code}`);
      if (!error.message.toLowerCase().includes(expected.names.toLowerCase())) problems.push(`message does not name ${expected.names}`);
      return { problems, acknowledged };
    }
    // A batch may be refused as a whole only when none of its events is valid.
    if (expected.events.some((event) => event.verdict === "valid") || expected.bot) {
      problems.push(`answered ${status} ${error.code} to a batch with valid events`);
    } else if (status !== 400 || error.code !== "invalid_batch") {
      problems.push(`answered ${status} ${error.code} to a batch of bad events, expected 400 invalid_batch`);
    } else {
      const rejected = error.details?.rejected ?? [];
      if (rejected.length !== expected.events.length) problems.push("invalid_batch details do not list every event");
      for (const { index, error: reason } of rejected) {
        const field = expected.events[index]?.field;
        if (field && !namesField(reason, field)) problems.push(`rejection "${gist(reason)}" does not name ${field}`);
      }
    }
    return { problems, acknowledged };
  }

  if (expected.kind === "refused") return { problems: [`answered 202, expected ${expected.statuses.join(" or ")} ${expected.code}`], acknowledged };
  const body = json as Partial<CollectResponse>;
  if (expected.bot) {
    if (body.dropped !== "bot" || body.accepted !== 0) problems.push("a bot's batch was not dropped");
    return { problems, acknowledged };
  }
  if (typeof body.accepted !== "number" || !Array.isArray(body.rejected)) return { problems: ["202 body is not {accepted, rejected}"], acknowledged };
  const rejected = new Map(body.rejected.map((r) => [r.index, r.error]));
  expected.events.forEach((event, index) => {
    const reason = rejected.get(index);
    if (event.verdict === "valid" && reason !== undefined) problems.push(`rejected a valid event: ${gist(reason)}`);
    if (event.verdict === "invalid" && reason === undefined) problems.push(`accepted an invalid event (${event.tag})`);
    if (reason !== undefined && event.field && !namesField(reason, event.field)) problems.push(`rejection "${gist(reason)}" does not name ${event.field}`);
    if (reason === undefined && event.id) acknowledged.push(event.id);
  });
  if ([...rejected.keys()].some((index) => index < 0 || index >= expected.events.length)) problems.push("rejected an index outside the batch");
  if (body.accepted !== expected.events.length - rejected.size) problems.push(`accepted ${body.accepted} of ${expected.events.length} with ${rejected.size} rejected`);
  return { problems, acknowledged };
}

function excerptOf(body: FuzzCase["body"]): string {
  const text = body === undefined ? "<no body>" : typeof body === "string" ? body : `<bytes> ${new TextDecoder().decode(body)}`;
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);
}

// ------------------------------------------------------------------- the run

describeEachDatabase("collector fuzz", (database) => {
  it("answers every hostile request with a 202 or a named 4xx, and stores exactly the valid events", async () => {
    const { db, driver } = database();
    const count = CASES[driver] ?? 300;
    const [org] = await db.insert(schema.organisations).values({ name: "Fuzz" }).returning();
    await db.insert(schema.sites).values([
      { organisationId: org!.id, name: "Strict", publicKey: KEYS.strict, allowedDomains: STRICT_DOMAINS },
      { organisationId: org!.id, name: "Open", publicKey: KEYS.open, allowedDomains: [] },
    ]);
    const app = createCollectorApp({
      withBackend: (work) => work(databaseBackend(db)),
      now: () => NOW,
      // Limits have their own tests; with a frozen clock no bucket would ever refill.
      rateLimits: { perIp: { perSecond: 0, burst: 0 }, perSite: { perSecond: 0, burst: 0 } },
    });

    const fuzzer = new Fuzzer(SEED);
    const violations = new Map<string, { count: number; example: string }>();
    const expectedStored = new Map<string, StoredFacts | undefined>();
    const statuses = new Map<number, number>();
    let nextIndex = 0;
    // The collector logs every 503 and every lost quarantine entry: count them instead of flooding the output.
    const logged = new Map<string, number>();
    const consoleError = vi.spyOn(console, "error").mockImplementation((first: unknown) => {
      const key = String(first).replace(/request [0-9a-f-]{36}/, "request <id>");
      logged.set(key, (logged.get(key) ?? 0) + 1);
    });
    const started = performance.now();

    async function worker() {
      while (nextIndex < count) {
        // Cases are made in index order whatever the interleaving: the seed alone decides them.
        const fuzzCase = fuzzer.next(nextIndex++);
        const response = await app.request("/api/collect", { method: "POST", headers: fuzzCase.headers, body: fuzzCase.body });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const { problems, acknowledged } = judge(fuzzCase, response.status, response.headers, text);
        for (const problem of problems) {
          const key = `${problem} [${fuzzCase.label.replace(/#\d+/, "#n")}]`;
          const seen = violations.get(key);
          if (seen) seen.count++;
          else violations.set(key, { count: 1, example: `case #${fuzzCase.index} (${fuzzCase.tags.join(", ")}): ${response.status} ${text.slice(0, 200)} <- ${excerptOf(fuzzCase.body)}` });
        }
        if (fuzzCase.expect.kind === "events" && response.status === 202) {
          const planned = fuzzCase.expect.events;
          for (const id of acknowledged) {
            const facts = planned.find((event) => event.id === id && event.verdict === "valid")?.stored;
            if (!expectedStored.has(id) || expectedStored.get(id) === undefined) expectedStored.set(id, facts);
          }
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: CONCURRENCY[driver] ?? 4 }, worker));
    } finally {
      consoleError.mockRestore();
    }
    const elapsed = performance.now() - started;

    const rows = await db
      .select({ id: schema.events.id, name: schema.events.name, userId: schema.events.userId, props: schema.events.props })
      .from(schema.events);
    const stored = new Map(rows.map((row) => [row.id, row]));
    const missing = [...expectedStored.keys()].filter((id) => !stored.has(id));
    const unexpected = [...stored.keys()].filter((id) => !expectedStored.has(id));
    const altered: string[] = [];
    for (const [id, facts] of expectedStored) {
      const row = stored.get(id);
      if (!row || !facts || fuzzer.resentIds.has(id)) continue;
      const actual = { name: row.name, userId: row.userId, props: row.props };
      if (JSON.stringify(sortKeys(actual)) !== JSON.stringify(sortKeys(facts))) altered.push(`${id}: sent ${JSON.stringify(facts).slice(0, 200)}, stored ${JSON.stringify(actual).slice(0, 200)}`);
    }
    const [quarantine] = await queryRows<{ most: number }>(db, sql`SELECT coalesce(max(n), 0)::int AS most FROM (SELECT count(*) AS n FROM quarantined_payloads GROUP BY site_id) counts`);

    const summary = [...violations].map(([key, { count: n, example }]) => `${n}× ${key}\n    e.g. ${example}`);
    console.info(
      `[fuzz ${driver}] seed ${SEED}: ${count} requests in ${(elapsed / 1000).toFixed(1)} s; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `${expectedStored.size} events expected in the log, ${rows.length} stored; console.error: ${JSON.stringify(Object.fromEntries(logged))}`,
    );
    const replay = `replay with FUZZ_SEED=${SEED}`;
    // Soft: one kind of failure must not hide the others.
    expect.soft(summary, `wrong answers (${replay})`).toEqual([]);
    expect.soft(rows.length, "the log holds as many rows as distinct ids").toBe(stored.size);
    expect.soft(unexpected.slice(0, 10), `stored events no answer acknowledged (${replay})`).toEqual([]);
    expect.soft(missing.slice(0, 10), `acknowledged events missing from the log (${replay})`).toEqual([]);
    expect.soft(altered.slice(0, 5), `events stored differently from how they were sent (${replay})`).toEqual([]);
    expect.soft(quarantine?.most ?? 0, "quarantine rows of the busiest site").toBeLessThanOrEqual(schema.QUARANTINE_PER_SITE);
    expect(({} as Record<string, unknown>).polluted, "Object.prototype was polluted").toBeUndefined();
  }, 180_000);
});

/** Key order aside (jsonb reorders keys), are two values the same? Compare through this. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  return value;
}

// ------------------------------------------- named cases the fuzz has found

describeEachDatabase("collector: hostile strings and shapes the database or the quarantine cannot take", (database) => {
  const strictKey = "pk_hostile_strings";
  const app = () =>
    createCollectorApp({
      withBackend: (work) => work(databaseBackend(database().db)),
      now: () => NOW,
      rateLimits: { perIp: { perSecond: 0, burst: 0 }, perSite: { perSecond: 0, burst: 0 } },
    });
  const random = new Random(SEED);
  const event = (overrides: Record<string, unknown> = {}) => ({ id: seededUuidv7(NOW, random), name: "pageview", ts: NOW, url: "https://example.com/", ...overrides });

  const post = (body: string) => app().request("/api/collect", { method: "POST", headers: { "user-agent": BROWSERS[0]! }, body });

  beforeAll(async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    await db.insert(schema.sites).values({ organisationId: org!.id, name: "Site", publicKey: strictKey, allowedDomains: ["example.com", "xn--bcher-kva.example"] }); // the settings form stores punycode
  });
  // Each 503 logs a stack; the assertions say what went wrong.
  beforeEach(() => void vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it.each<[string, Record<string, unknown> | RawJson, string]>([
    ["U+0000 in the event name", { name: "a\u0000b" }, "name"],
    ["U+0000 in user_id", { user_id: "\u0000" }, "user_id"],
    ["U+0000 in a props value", { props: { plan: "x\u0000y" } }, "props"],
    ["U+0000 in a props key", { props: { "k\u0000": 1 } }, "props"],
    ["%00 in the page path", { url: "https://example.com/a%00b" }, "url"],
    ["%00 in a utm parameter", { url: "https://example.com/?utm_source=%00" }, "url"],
    ["a lone surrogate in a props value", { props: { plan: "\udfff" } }, "props"],
    ["a lone surrogate in a props key", { props: { "\ud83d": 1 } }, "props"],
    ["an event nested 10,000 arrays deep", nested(10_000), "event"],
  ])("keeps the good event beside %s and answers 202, not 5xx", async (_label, hostile, field) => {
    const { db } = database();
    const good = event();
    const bad = hostile instanceof RawJson ? hostile : event(hostile);
    const response = await post(jsonText({ site: strictKey, sent_at: NOW, events: [bad, good] }));
    const body = (await response.json()) as CollectResponse;
    expect(response.status, JSON.stringify(body)).toBe(202);
    // Cleaning the bad event and keeping it is as right as rejecting it by name.
    for (const { index, error } of body.rejected) {
      expect(index).toBe(0);
      expect(error.startsWith(field)).toBe(true);
    }
    const ids = (await db.select({ id: schema.events.id }).from(schema.events)).map((row) => row.id);
    expect(ids).toContain(good.id);
  });

  it("refuses a site key with U+0000 as an unknown or invalid key, not 5xx", async () => {
    const response = await post(JSON.stringify({ site: `${strictKey}\u0000`, sent_at: NOW, events: [event()] }));
    expect([400, 404]).toContain(response.status);
  });

  it("refuses by name an event name that starts with U+FEFF, which PGlite could not give back", async () => {
    // PGlite decodes each text value with a default TextDecoder, which takes
    // a leading U+FEFF for a byte order mark and drops it: refused up front.
    const sent = event({ name: "\ufeffsignup" });
    const response = await post(JSON.stringify({ site: strictKey, sent_at: NOW, events: [sent, event()] }));
    const body = (await response.json()) as CollectResponse;
    expect(response.status).toBe(202);
    expect(body.rejected).toEqual([{ index: 0, error: expect.stringMatching(/^name: .*byte-order mark/) }]);
  });

  it("keeps accepting an internationalised host like bücher.example once URL parsing is optimised", async () => {
    // Node 20's optimised URL.canParse (zod's z.url() check) reads a one-byte
    // (Latin-1) string as UTF-8 and answers false for hosts like "bücher",
    // "café" or "münchen": a few thousand events in, valid events get "url: Invalid URL".
    const warmUp = { ...event(), url: "https://bücher.example/" };
    for (let i = 0; i < 5_000; i++) wireEvent.safeParse({ ...warmUp, url: `https://bücher.example/${i}` });
    const good = event({ url: "https://bücher.example/produkte" });
    const response = await post(JSON.stringify({ site: strictKey, sent_at: NOW, events: [good] }));
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] });
  });
});
