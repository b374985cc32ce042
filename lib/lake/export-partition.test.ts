import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { queryRows, schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, prepareSites } from "@/lib/testing/projection-fixtures";
import { sequentialUuidv7 } from "@/lib/testing/sequential-uuidv7";
import { exportPartition, LakeExportFailed } from "./export-partition";
import { readParquetRows, readParquetSummary } from "./parquet-reader";
import { LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { sha256Hex } from "./parquet-writer";
import { MemoryBlobStore } from "./testing/memory-blob-store";

// 2026-04-05 in Auckland is 25 hours long: daylight saving ends at 03:00
// NZDT (UTC+13), so the day runs from 2026-04-04T11:00Z to 2026-04-05T12:00Z.
const AUCKLAND = "Pacific/Auckland";
const DAY = "2026-04-05";

/** Events placed on both sides of each edge of the Auckland day. */
const EDGES = ["2026-04-04T10:59:59.999Z", "2026-04-04T11:00:00.000Z", "2026-04-05T11:30:00.000Z", "2026-04-05T11:59:59.999Z", "2026-04-05T12:00:00.000Z"];

function localDay(ts: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ts);
}

describeEachDatabase("exportPartition", (database) => {
  let auckland = "";
  let utc = "";
  const store = new MemoryBlobStore();

  beforeAll(async () => {
    const { db } = database();
    const siteIds = await prepareSites(db, "lake", [AUCKLAND, "UTC"]);
    auckland = siteIds[0]!;
    utc = siteIds[1]!;
    await appendTraffic(db, [auckland, utc], { events: 3_000, seed: 11, end: new Date("2026-04-07T00:00:00Z"), days: 4 });
    // Two events at each instant (only the id orders them), and received_at
    // with microsecond digits the file must keep.
    const edgeEvents = [auckland, utc].flatMap((siteId) =>
      EDGES.flatMap((iso, i) =>
        [0, 1].map((tie) => ({
          siteId,
          id: sequentialUuidv7(Date.parse(iso)),
          name: "pageview",
          ts: new Date(iso),
          receivedAt: sql`${iso}::timestamptz + ${i * 2 + tie + 1} * interval '1 microsecond'`,
          visitorId: `edge-${i}`,
          props: tie ? { tie: true, 'quote"d': "a\\b" } : null,
        })),
      ),
    );
    await db.insert(schema.events).values(edgeEvents);
  });

  /** The log's events of a site on a local day, every column, found without the exporter's SQL. */
  async function logEventsOfDay(siteId: string, timeZone: string, day: string): Promise<LakeEvent[]> {
    const { db } = database();
    const micros = await queryRows<{ id: string; ts: string; received_at: string }>(
      db,
      sql`SELECT id::text, (extract(epoch FROM ts) * 1000000)::bigint::text AS ts, (extract(epoch FROM received_at) * 1000000)::bigint::text AS received_at FROM events WHERE site_id = ${siteId}`,
    );
    const times = new Map(micros.map((row) => [row.id, { ts: BigInt(row.ts), receivedAt: BigInt(row.received_at) }]));
    const rows = await db.select().from(schema.events).where(eq(schema.events.siteId, siteId));
    return rows
      .filter((row) => localDay(row.ts, timeZone) === day)
      .map(({ tx: _tx, ...row }) => ({ ...row, ...times.get(row.id)!, props: row.props === null ? null : JSON.stringify(row.props) }))
      .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.id < b.id ? -1 : 1));
  }

  /** File rows with props parsed, so JSON text formatting does not matter. */
  const withParsedProps = (rows: LakeEvent[]) => rows.map((row) => ({ ...row, props: row.props === null ? null : (JSON.parse(row.props) as unknown) }));

  async function manifest(siteId: string) {
    const { db } = database();
    return queryRows<Record<string, unknown>>(
      db,
      sql`SELECT id, kind, key, day::text AS day, rows::int AS rows, bytes::int AS bytes, schema_version, sha256,
                 (extract(epoch FROM min_ts) * 1000000)::bigint::text AS min_ts, (extract(epoch FROM max_ts) * 1000000)::bigint::text AS max_ts
          FROM lake_files WHERE site_id = ${siteId} ORDER BY day`,
    );
  }

  it("writes the site's events of its local day, every column, in time order, and nothing else", async () => {
    const { db } = database();
    const result = await exportPartition(db, store, { siteId: auckland, day: DAY });
    expect(result).toMatchObject({ exported: true, replacedKey: null, leftoverKey: null });
    if (!result.exported) return;
    expect(result.key).toMatch(new RegExp(`^site=${auckland}/date=${DAY}/events-[0-9a-f]{16}\\.parquet$`));

    const expected = await logEventsOfDay(auckland, AUCKLAND, DAY);
    const written = await readParquetRows((await store.get(result.key))!);
    expect(withParsedProps(written)).toEqual(withParsedProps(expected));
    expect(written.length).toBeGreaterThan(100);
    // The 25-hour day: its first and last instants in, their neighbours out.
    const edgeTimes = new Set(written.filter((row) => row.visitorId.startsWith("edge-")).map((row) => new Date(Number(row.ts / 1000n)).toISOString()));
    expect([...edgeTimes].sort()).toEqual(["2026-04-04T11:00:00.000Z", "2026-04-05T11:30:00.000Z", "2026-04-05T11:59:59.999Z"]);
    expect(written.every((row) => row.siteId === auckland)).toBe(true);
    expect(written.some((row) => row.receivedAt % 1000n !== 0n)).toBe(true);
  });

  it("lists the file in the manifest with its rows, bytes, time range, version and checksum", async () => {
    const [row, ...others] = await manifest(auckland);
    expect(others).toEqual([]);
    const bytes = (await store.get(row!.key as string))!;
    const summary = await readParquetSummary(bytes);
    expect(row).toMatchObject({
      kind: "daily",
      day: DAY,
      rows: summary.rows,
      bytes: bytes.length,
      schema_version: LAKE_SCHEMA_VERSION,
      sha256: sha256Hex(bytes),
      min_ts: String(summary.minTs),
      max_ts: String(summary.maxTs),
    });
  });

  it("takes the UTC day for a UTC site, its own events only", async () => {
    const { db } = database();
    const result = await exportPartition(db, store, { siteId: utc, day: DAY });
    if (!result.exported) throw new Error("nothing exported");
    const written = await readParquetRows((await store.get(result.key))!);
    expect(withParsedProps(written)).toEqual(withParsedProps(await logEventsOfDay(utc, "UTC", DAY)));
    expect(written.every((row) => row.siteId === utc && localDay(new Date(Number(row.ts / 1000n)), "UTC") === DAY)).toBe(true);
  });

  it("is idempotent: the same events give the same key, one object and one manifest row", async () => {
    const { db } = database();
    const before = { manifest: await manifest(auckland), keys: await store.list(`site=${auckland}/`) };
    const again = await exportPartition(db, store, { siteId: auckland, day: DAY });
    expect(again).toMatchObject({ exported: true, key: before.keys[0], replacedKey: null });
    expect(await store.list(`site=${auckland}/`)).toEqual(before.keys);
    expect(await manifest(auckland)).toEqual(before.manifest);
  });

  it("replaces the file when a late event arrives, in the manifest and in the store", async () => {
    const { db } = database();
    const [old] = await manifest(auckland);
    await db.insert(schema.events).values({ siteId: auckland, id: sequentialUuidv7(Date.parse("2026-04-05T01:00:00Z")), name: "late", ts: new Date("2026-04-05T01:00:00Z"), visitorId: "late" });
    const result = await exportPartition(db, store, { siteId: auckland, day: DAY });
    if (!result.exported) throw new Error("nothing exported");
    expect(result.key).not.toBe(old!.key);
    expect(result.replacedKey).toBe(old!.key);
    expect(await store.list(`site=${auckland}/`)).toEqual([result.key]);
    const rows = await manifest(auckland);
    expect(rows).toMatchObject([{ id: old!.id, key: result.key, rows: (old!.rows as number) + 1 }]);
    const written = await readParquetRows((await store.get(result.key))!);
    expect(written.filter((row) => row.name === "late")).toHaveLength(1);
  });

  it("refuses to replace a file with fewer events than it holds (hot rows already deleted)", async () => {
    const { db } = database();
    const before = { manifest: await manifest(auckland), keys: await store.list(`site=${auckland}/`) };
    await db.delete(schema.events).where(sql`${schema.events.siteId} = ${auckland} AND ${schema.events.name} = 'late'`);
    await expect(exportPartition(db, store, { siteId: auckland, day: DAY })).rejects.toThrow(LakeExportFailed);
    expect(await manifest(auckland)).toEqual(before.manifest);
    expect(await store.get(before.keys[0]!)).not.toBeNull();
  });

  it("writes nothing for a day without events", async () => {
    const { db } = database();
    const puts = store.puts;
    expect(await exportPartition(db, store, { siteId: auckland, day: "2026-01-01" })).toEqual({ exported: false, reason: "no events" });
    expect(store.puts).toBe(puts);
    expect((await manifest(auckland)).map((row) => row.day)).toEqual([DAY]);
  });
});
