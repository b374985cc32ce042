/**
 * Faults between the collector and Postgres: a TCP proxy sits between a `pg`
 * pool and the server, and the test cuts it in the middle of a concurrent
 * load, keeps sending, restores it, keeps sending, then retries every batch
 * that was not answered 202, as the tracker does. The log must then hold
 * every event exactly once, and no cut-off request may have been told 202.
 * (Restarting the shared Postgres server is not safe in a test run; a cut
 * link looks the same to the collector: every connection dies at once.)
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCollectorApp } from "@/edge/collector/collector-app";
import { openDatabase, queryRows, schema } from "@/lib/db";
import { Random } from "@/lib/seed/random";
import { seededUuidv7 } from "@/lib/seed/seeded-uuidv7";
import { freshDatabase } from "@/lib/testing/databases";
import { startTcpProxy } from "@/lib/testing/tcp-proxy";
import { appendEvents, databaseBackend } from "./database-backend";
import { groupCommit } from "./group-commit";

// Tests may read process.env: this variable configures the run, not the app.
const serverUrl = process.env.TEST_DATABASE_URL;

const KEY = "pk_faults";
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const BATCHES = 200;
const EVENTS_PER_BATCH = 5;
const CONCURRENCY = 10;
/** The link is cut when this batch is due, and restored once every batch before RESTORE_AT has its answer. */
const CUT_AT = 60;
const RESTORE_AT = 130;
/** The least time the link stays down, so that requests keep arriving at a dead pool for a while. */
const MIN_CUT_MS = 500;
const RETRY_ROUNDS = 5;

interface Attempt {
  batch: number;
  status: number;
  retryAfter: string | null;
  code?: string;
  started: number;
  finished: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database, and a pg pool that reaches it only through a TCP proxy the test can cut. */
async function proxiedDatabase(url: string) {
  const direct = await freshDatabase({ driver: "pg", url });
  const target = new URL(direct.url!);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const throughProxy = new URL(direct.url!);
  throughProxy.hostname = proxy.host;
  throughProxy.port = String(proxy.port);
  // Short connect and query timeouts: an attempt that hangs fails fast instead of stalling the test.
  const proxied = await openDatabase({ driver: "pg", url: throughProxy.toString(), max: CONCURRENCY, connectionTimeoutMillis: 1_000, queryTimeoutMillis: 1_000 });
  return {
    direct,
    proxy,
    proxied,
    proxiedUrl: throughProxy.toString(),
    async close() {
      // A pool that leaked a client never ends (see "gives its connection
      // back"): give up on it after a while. And pool.end() resolves before
      // its sockets have closed: let them, or the DROP DATABASE ... WITH
      // (FORCE) below kills them and pg throws, uncaught.
      await Promise.race([proxied.close(), sleep(1_000)]);
      for (let waited = 0; proxy.openConnections > 0 && waited < 1_000; waited += 10) await sleep(10);
      await proxy.close();
      await direct.close();
    },
  };
}

/**
 * Run `work`, collecting the uncaught exceptions it causes instead of letting
 * them fail the whole run: in the app they would end the process.
 */
async function collectUncaught(work: () => Promise<void>): Promise<unknown[]> {
  const uncaught: unknown[] = [];
  const collect = (error: unknown) => uncaught.push(error);
  const listeners = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  process.on("uncaughtException", collect);
  try {
    await work();
    await sleep(100); // resets still on their way
  } finally {
    process.removeListener("uncaughtException", collect);
    for (const listener of listeners) process.on("uncaughtException", listener);
  }
  return uncaught;
}

const describeWithServer = serverUrl ? describe : describe.skip;
const needs = serverUrl ? "" : " [skipped: set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres]";
if (!serverUrl) console.info("collector-faults.test.ts: skipped, these faults need a real Postgres server: set TEST_DATABASE_URL");

describeWithServer.each([
  ["one insert per request", false],
  ["group commit, as the Node side writes", true],
])(`collector faults: the link to Postgres is cut under load (%s)${needs}`, (_label, grouped) => {
  let setup: Awaited<ReturnType<typeof proxiedDatabase>>;

  beforeAll(async () => {
    setup = await proxiedDatabase(serverUrl!);
    const { db } = setup.direct;
    const [org] = await db.insert(schema.organisations).values({ name: "Faults" }).returning();
    await db.insert(schema.sites).values({ organisationId: org!.id, name: "Faults", publicKey: KEY, allowedDomains: ["example.com"] });
  });
  afterAll(() => setup?.close());
  // Every 503 logs its cause; the assertions below say what matters.
  beforeEach(() => void vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it("never answers 202 while cut, answers 503 with Retry-After, and after retries stores every event exactly once", async () => {
    const { proxy, proxied, direct } = setup;
    const now = Date.now();
    const random = new Random(grouped ? 2 : 1);
    const batches = Array.from({ length: BATCHES }, (_, batch) => ({
      // One visitor per batch: the per-IP limit is not what this test is about.
      ip: `198.51.${batch >> 8}.${batch & 0xff}`,
      ids: Array.from({ length: EVENTS_PER_BATCH }, () => seededUuidv7(now, random)),
    }));
    const bodyOf = (batch: number) =>
      JSON.stringify({
        site: KEY,
        sent_at: now,
        events: batches[batch]!.ids.map((id, n) => ({ id, name: n === 0 ? "pageview" : "click", ts: now, url: `https://example.com/batch/${batch}` })),
      });

    const { db } = proxied;
    const backend = databaseBackend(db, grouped ? { append: groupCommit((rows) => appendEvents(db, rows)) } : {});
    const app = createCollectorApp({ withBackend: (work) => work(backend) });
    const attempts: Attempt[] = [];
    const send = async (batch: number) => {
      const started = performance.now();
      const response = await app.request("/api/collect", {
        method: "POST",
        headers: { "content-type": "text/plain", "user-agent": CHROME, "x-real-ip": batches[batch]!.ip, origin: "https://example.com" },
        body: bodyOf(batch),
      });
      const json = (await response.json()) as { error?: { code?: string } };
      const attempt = { batch, status: response.status, retryAfter: response.headers.get("retry-after"), code: json.error?.code, started, finished: performance.now() };
      attempts.push(attempt);
      return attempt;
    };

    let cutAt = Infinity;
    let restoredAt = Infinity;
    const last = new Map<number, Attempt>();
    const uncaught = await collectUncaught(async () => {
      // The load: CONCURRENCY workers take batches in order. The link is cut
      // when batch CUT_AT is due (others are in flight), and restored only
      // once every batch before RESTORE_AT has been answered.
      let next = 0;
      const answered = new Set<number>();
      let restoring: Promise<void> | undefined;
      const restoreWhenDrained = async () => {
        while (answered.size < RESTORE_AT || performance.now() - cutAt < MIN_CUT_MS) await sleep(10);
        proxy.restore();
        restoredAt = performance.now();
      };
      const worker = async () => {
        while (next < BATCHES) {
          const batch = next++;
          if (batch === CUT_AT) {
            proxy.cut();
            cutAt = performance.now();
          }
          if (batch >= RESTORE_AT) await (restoring ??= restoreWhenDrained());
          // A tracker-like pace, so that the cut lasts across many requests.
          if (batch >= CUT_AT && batch < RESTORE_AT) await sleep(5);
          await send(batch);
          answered.add(batch);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      // The tracker retries what was not acknowledged, with backoff.
      for (const attempt of attempts) last.set(attempt.batch, attempt);
      for (let round = 0; round < RETRY_ROUNDS; round++) {
        const pending = [...last.values()].filter((attempt) => attempt.status !== 202).map((attempt) => attempt.batch);
        if (pending.length === 0) break;
        await sleep(50 * 2 ** round);
        for (let start = 0; start < pending.length; start += CONCURRENCY) {
          const results = await Promise.all(pending.slice(start, start + CONCURRENCY).map(send));
          for (const attempt of results) last.set(attempt.batch, attempt);
        }
      }
    });

    const whileCut = attempts.filter((attempt) => attempt.started >= cutAt && attempt.finished <= restoredAt);
    const statuses: Record<number, number> = {};
    for (const attempt of attempts) statuses[attempt.status] = (statuses[attempt.status] ?? 0) + 1;
    console.info(
      `[faults ${grouped ? "group commit" : "per request"}] ${attempts.length} requests ${JSON.stringify(statuses)}, ${whileCut.length} while cut ` +
        `for ${Math.round(restoredAt - cutAt)} ms; uncaught connection errors (see "pg pool of openDatabase"): ${uncaught.length}`,
    );

    // The cut happened under load, and requests kept coming while it lasted.
    expect(whileCut.length).toBeGreaterThanOrEqual(RESTORE_AT - CUT_AT);
    // While cut: never 202; 503 "unavailable" with a Retry-After, and quickly.
    expect(whileCut.filter((attempt) => attempt.status !== 503)).toEqual([]);
    expect(whileCut.filter((attempt) => attempt.code !== "unavailable" || !(Number(attempt.retryAfter) > 0))).toEqual([]);
    expect(Math.max(...whileCut.map((attempt) => attempt.finished - attempt.started))).toBeLessThan(2_000);
    // A valid batch only ever gets a 202, or a 503 to retry.
    expect(attempts.filter((attempt) => attempt.status !== 202 && attempt.status !== 503)).toEqual([]);
    // Every batch was acknowledged in the end.
    expect([...last.values()].filter((attempt) => attempt.status !== 202).map((attempt) => attempt.batch)).toEqual([]);
    // Only lost connections went uncaught (their own tests below fail for them), nothing else.
    expect(uncaught.filter((error) => !isConnectionError(error)).map(String)).toEqual([]);

    const rows = await queryRows<{ id: string; copies: number }>(direct.db, sql`SELECT id, count(*)::int AS copies FROM ${schema.events} GROUP BY id`);
    const stored = new Map(rows.map((row) => [row.id, row.copies]));
    const acknowledged = new Set(attempts.filter((attempt) => attempt.status === 202).flatMap((attempt) => batches[attempt.batch]!.ids));
    // Every event of a batch answered 202 is in the log exactly once; no event twice; nothing else.
    expect([...acknowledged].filter((id) => stored.get(id) !== 1)).toEqual([]);
    expect(rows.filter((row) => row.copies !== 1)).toEqual([]);
    expect(new Set(stored.keys())).toEqual(new Set(batches.flatMap((batch) => batch.ids)));
  });
});

describeWithServer(`pg pool of openDatabase: losing a connection${needs}`, () => {
  let setup: Awaited<ReturnType<typeof proxiedDatabase>>;
  beforeAll(async () => {
    setup = await proxiedDatabase(serverUrl!);
  });
  afterAll(() => setup?.close());

  it("survives its idle connections dying (a server restart, a network blip)", async () => {
    const { proxy, proxied } = setup;
    const uncaught = await collectUncaught(async () => {
      await queryRows(proxied.db, sql`SELECT 1`); // leaves an idle client in the pool
      proxy.cut();
      await sleep(100);
      proxy.restore();
    });
    expect(uncaught.map(String)).toEqual([]);
    expect(await queryRows(proxied.db, sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  // Upstream drizzle-orm 0.45 bug (issues 6023, 6241): kept as an expected
  // failure so a drizzle upgrade that fixes it is noticed. The collector's
  // path avoids transactions for this reason (lib/ingest/database-backend.ts).
  it.fails("gives its connection back to the pool when a transaction cannot even begin", async () => {
    const { proxy, proxiedUrl } = setup;
    const single = await openDatabase({ driver: "pg", url: proxiedUrl, max: 1, connectionTimeoutMillis: 1_000 });
    let afterwards: unknown;
    await collectUncaught(async () => {
      await queryRows(single.db, sql`SELECT 1`); // the pool's one connection, now idle
      proxy.cut();
      // drizzle sends BEGIN before its try/finally: when BEGIN fails, the client is never released.
      await single.db.transaction(async () => {}).catch(() => {});
      proxy.restore();
      afterwards = await queryRows(single.db, sql`SELECT 1 AS one`).catch((error: Error) => String(error.cause ?? error));
    });
    await Promise.race([single.close(), sleep(500)]);
    expect(afterwards).toEqual([{ one: 1 }]);
  });

  it("survives a connection dying inside a transaction, and fails that transaction", async () => {
    const { proxy, proxied } = setup;
    let outcome: unknown = "not settled";
    const uncaught = await collectUncaught(async () => {
      outcome = await proxied.db
        .transaction(async (tx) => {
          await tx.execute(sql`SELECT 1`);
          proxy.cut();
          await sleep(100); // the reset arrives while the client is checked out
          await tx.execute(sql`SELECT 2`);
        })
        .then(
          () => "committed",
          () => "failed",
        );
      proxy.restore();
    });
    expect(outcome).toBe("failed");
    expect(uncaught.map(String)).toEqual([]);
  });
});

describeWithServer(`collector faults: the link to Postgres drops packets (a partition)${needs}`, () => {
  let setup: Awaited<ReturnType<typeof proxiedDatabase>>;
  beforeAll(async () => {
    setup = await proxiedDatabase(serverUrl!);
    const { db } = setup.direct;
    const [org] = await db.insert(schema.organisations).values({ name: "Partition" }).returning();
    await db.insert(schema.sites).values({ organisationId: org!.id, name: "Partition", publicKey: KEY, allowedDomains: [] });
  });
  // The proxy goes first: the pool cannot end while a query hangs on a
  // swallowed connection, and resetting those makes its clients throw (see above).
  afterAll(() =>
    collectUncaught(async () => {
      await setup?.proxy.close();
      await setup?.close();
    }),
  );
  beforeEach(() => void vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it("answers every request within a few seconds, during the partition and after it heals", async () => {
    const { proxy, proxied } = setup;
    const { db } = proxied;
    const backend = databaseBackend(db, { append: groupCommit((rows) => appendEvents(db, rows)) });
    const app = createCollectorApp({ withBackend: (work) => work(backend) });
    const random = new Random(3);
    /** The status, or "no answer" when none came within `ms`. */
    const post = (ms: number) =>
      Promise.race([
        Promise.resolve(
          app.request("/api/collect", {
            method: "POST",
            headers: { "user-agent": CHROME },
            body: JSON.stringify({ site: KEY, sent_at: Date.now(), events: [{ id: seededUuidv7(Date.now(), random), name: "pageview", ts: Date.now(), url: "https://example.com/" }] }),
          }),
        ).then((response) => response.status),
        sleep(ms).then(() => "no answer" as const),
      ]);
    expect(await post(3_000)).toBe(202); // the pool now holds live connections

    proxy.cut("blackhole");
    const during = await post(3_000);
    proxy.restore();
    const after = await post(3_000);
    // Without a query timeout (or TCP keepalive) a query on a swallowed
    // connection waits for the kernel to give up, many minutes; the pool
    // hands out its dead idle connections meanwhile, and group commit
    // queues every later write behind the stuck one.
    expect({ during, after }).toEqual({ during: 503, after: 202 });
  });
});

function isConnectionError(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ECONNRESET" || code === "EPIPE" || String(error).includes("Connection terminated");
}
