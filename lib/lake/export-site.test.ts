import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, prepareSites } from "@/lib/testing/projection-fixtures";
import { compactLake } from "./compact-lake";
import { exportSiteEvents, SiteExportFailed, type ExportSiteProgress } from "./export-site";
import { ExportArgsError, parseExportArgs } from "./export-site-args";
import { readParquetRows, readParquetSummary } from "./parquet-reader";
import { LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { drainLake } from "./testing/lake-contents";
import { MemoryBlobStore } from "./testing/memory-blob-store";

// appendTraffic spreads 4 days before this over the sites: 2026-04-03 to 2026-04-06 (UTC).
const END = new Date("2026-04-07T00:00:00Z");
const LAKE_DAYS = ["2026-04-04", "2026-04-05"];
let lakeFileCount = 0;

/** File rows with props parsed, so JSON text formatting does not matter. */
const withParsedProps = (rows: LakeEvent[]) => rows.map((row) => ({ ...row, props: row.props === null ? null : (JSON.parse(row.props) as unknown) }));

describeEachDatabase("exportSiteEvents", (database) => {
  let site = "";
  let other = "";
  const store = new MemoryBlobStore();
  let dir = "";

  beforeAll(async () => {
    const { db } = database();
    [site, other] = (await prepareSites(db, "export-site", ["UTC", "UTC"])) as [string, string];
    await appendTraffic(db, [site, other], { events: 3_000, seed: 5, end: END, days: 4 });
    // Both sites' events into the lake (the other site's must not leak into this site's export),
    // merged into daily files; then more events of a later day, in the hot log only.
    await drainLake(db, store, 500);
    await compactLake(db, store, { now: END, budgetMs: 60_000 });
    lakeFileCount = (await queryRows(db, sql`SELECT 1 FROM lake_files WHERE site_id = ${site}`)).length;
    expect(lakeFileCount).toBeGreaterThanOrEqual(LAKE_DAYS.length);
    await appendTraffic(db, [site], { events: 200, seed: 6, end: new Date(END.getTime() + 2 * 86_400_000), days: 1 });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "inlet-export-site-"));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** The log's events of a site as the lake stores them, in (ts, seq) order, read without the exporter's SQL. */
  async function logEvents(siteId: string): Promise<LakeEvent[]> {
    const { db } = database();
    const micros = await queryRows<{ id: string; ts: string }>(db, sql`SELECT id::text, (extract(epoch FROM ts) * 1000000)::bigint::text AS ts FROM events WHERE site_id = ${siteId}`);
    const times = new Map(micros.map((row) => [row.id, BigInt(row.ts)]));
    const rows = await db.select().from(schema.events).where(eq(schema.events.siteId, siteId));
    // The lake's columns: the log's but tx, id and received_at (lib/lake/parquet-schema.ts).
    return rows
      .map(({ tx: _tx, id, receivedAt: _receivedAt, ...row }) => ({ ...row, ts: times.get(id)!, props: row.props === null ? null : JSON.stringify(row.props) }))
      .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
  }

  async function exportToFile(name: string, progress?: ExportSiteProgress[]): Promise<{ rows: number; written: LakeEvent[]; bytes: Uint8Array }> {
    const { db } = database();
    const out = path.join(dir, name);
    const rows = await exportSiteEvents(db, store, site, out, { onProgress: (step) => progress?.push(step) });
    const bytes = new Uint8Array(await fs.readFile(out));
    return { rows, written: await readParquetRows(bytes), bytes };
  }

  let before: LakeEvent[] = [];

  it("writes the log's events of the site, every column, in time order, once each, from lake and log together", async () => {
    before = await logEvents(site);
    const progress: ExportSiteProgress[] = [];
    const { rows, written, bytes } = await exportToFile("all.parquet", progress);
    expect(before.length).toBeGreaterThan(1_000);
    expect(rows).toBe(before.length);
    expect(withParsedProps(written)).toEqual(withParsedProps(before));
    expect(new Set(written.map((row) => row.seq)).size).toBe(written.length);
    expect(written.every((row) => row.siteId === site)).toBe(true);
    // The lake's layout, so the lake's readers take it.
    const summary = await readParquetSummary(bytes);
    expect(summary).toMatchObject({ rows: before.length, codecs: ["ZSTD"], statistics: true, schemaVersion: LAKE_SCHEMA_VERSION });
    expect(progress.filter((step) => step.stage === "lake").at(-1)).toEqual({ stage: "lake", files: lakeFileCount, totalFiles: lakeFileCount });
    expect(progress.at(-1)).toMatchObject({ stage: "writing" });
  });

  it("keeps events that are only in the lake once their hot rows are deleted", async () => {
    const { db } = database();
    const deleted = await queryRows<{ id: string }>(
      db,
      sql`DELETE FROM events WHERE site_id = ${site} AND ts >= ${`${LAKE_DAYS[0]}T00:00:00Z`}::timestamptz AND ts < ${`${LAKE_DAYS[1]}T00:00:00Z`}::timestamptz RETURNING id::text AS id`,
    );
    expect(deleted.length).toBeGreaterThan(100);
    expect((await logEvents(site)).length).toBe(before.length - deleted.length);

    const { rows, written } = await exportToFile("after-delete.parquet");
    expect(rows).toBe(before.length);
    expect(withParsedProps(written)).toEqual(withParsedProps(before));
  });

  it("writes an empty file with the lake's columns for a site without events", async () => {
    const { db } = database();
    const [empty] = await prepareSites(db, "export-site-empty", ["UTC"]);
    const out = path.join(dir, "empty.parquet");
    expect(await exportSiteEvents(db, store, empty!, out)).toBe(0);
    expect(await readParquetRows(new Uint8Array(await fs.readFile(out)))).toEqual([]);
  });

  it("refuses an unknown site, naming it, and writes nothing", async () => {
    const { db } = database();
    const unknown = randomUUID();
    const out = path.join(dir, "unknown.parquet");
    await expect(exportSiteEvents(db, store, unknown, out)).rejects.toThrow(new SiteExportFailed(`No site ${unknown}`));
    await expect(exportSiteEvents(db, store, "not-a-site", out)).rejects.toThrow(/No site not-a-site/);
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
  });

  it("refuses an output it cannot write, before reading anything, and leaves no temp file", async () => {
    const { db } = database();
    const missingFolder = path.join(dir, "no-such-folder", "out.parquet");
    await expect(exportSiteEvents(db, store, site, missingFolder)).rejects.toThrow(`Cannot write ${missingFolder}: its folder ${path.dirname(missingFolder)} does not exist`);
    await expect(exportSiteEvents(db, store, site, dir)).rejects.toThrow(`Cannot write ${dir}: it is a folder`);
    expect((await fs.readdir(dir)).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("fails naming a listed lake file that is missing from the store", async () => {
    const { db } = database();
    const broken = new MemoryBlobStore();
    const [first] = await queryRows<{ key: string }>(db, sql`SELECT key FROM lake_files WHERE site_id = ${site} ORDER BY day LIMIT 1`);
    await expect(exportSiteEvents(db, broken, site, path.join(dir, "broken.parquet"))).rejects.toThrow(`${first!.key} is listed in the lake manifest but missing from the store`);
    await expect(fs.stat(path.join(dir, "broken.parquet"))).rejects.toThrow(/ENOENT/);
  });
});

describe("parseExportArgs", () => {
  const id = "0195f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6";

  it("takes --site and --out, in either spelling", () => {
    expect(parseExportArgs(["--site", id, "--out", "events.parquet"])).toEqual({ siteId: id, out: "events.parquet", help: false });
    expect(parseExportArgs([`--site=${id.toUpperCase()}`, "--out=x.parquet"])).toEqual({ siteId: id, out: "x.parquet", help: false });
    expect(parseExportArgs(["--help"]).help).toBe(true);
  });

  it.each([
    [[], /--site is required/],
    [["--out", "x.parquet"], /--site is required/],
    [["--site", id], /--out is required/],
    [["--site", "my-site", "--out", "x.parquet"], /--site must be a site id \(a UUID\), got "my-site"/],
    [["--site", id, "--out", "x.parquet", "--format", "csv"], /--format/],
    [["--site", id, "x.parquet"], /Unexpected argument "x.parquet"/],
    [["--site"], /--site/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseExportArgs(argv)).toThrow(ExportArgsError);
    expect(() => parseExportArgs(argv)).toThrow(message);
  });
});
