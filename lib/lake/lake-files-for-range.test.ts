import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema, type Database } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { sessionsProjection } from "@/lib/projections/sessions";
import { LAKE_CHECKPOINT } from "./lake-checkpoint";
import { lakeListing } from "./lake-files-for-range";
import { DAY_ROLLUP_VERSION } from "./sql/day-rollups";
import { LocalBlobStore } from "./local-blob-store";
import { verifyLakeUrl } from "./signed-url";

const SECRET = "a-secret-for-the-lake-url-tests-0123456789";


async function siteWithFiles(db: Database, name: string, days: string[], kind: "daily" | "monthly" = "daily") {
  const [organisation] = await db.insert(schema.organisations).values({ name }).returning();
  const [site] = await db.insert(schema.sites).values({ organisationId: organisation!.id, name, publicKey: `pk_lake_${name}` }).returning();
  for (const day of days) {
    await db.insert(schema.lakeFiles).values({
      siteId: site!.id,
      kind,
      key: `site=${site!.id}/date=${day}/${kind}-0000000000000000.parquet`,
      day,
      minTs: new Date(`${day}T00:00:00Z`),
      maxTs: new Date(`${day}T23:00:00Z`),
      rows: 10,
      bytes: 100,
      schemaVersion: 1,
      sha256: "0".repeat(64),
    });
  }
  return site!.id;
}

describeEachDatabase("lakeListing", (database) => {
  it("lists the site's files in the range only, each with a URL signed for its own key", async () => {
    const { db } = database();
    const site = await siteWithFiles(db, "a", ["2026-01-01", "2026-01-02", "2026-01-05"]);
    await siteWithFiles(db, "b", ["2026-01-02"]);
    const store = new LocalBlobStore("/nonexistent-lake-root", () => SECRET);
    const { files, through, tailPending } = await lakeListing(db, store, site, { from: "2026-01-02", to: "2026-01-05" });
    expect(files.map((file) => file.day)).toEqual(["2026-01-02", "2026-01-05"]);
    expect(through).toEqual({ tx: "0", seq: 0 });
    expect(tailPending).toBe(false);
    for (const file of files) {
      const url = new URL(file.url, "http://localhost");
      const key = decodeURIComponent(url.pathname.replace("/api/lake/", ""));
      expect(key.startsWith(`site=${site}/date=${file.day}/`)).toBe(true);
      expect(verifyLakeUrl(SECRET, key, url.searchParams.get("expires"), url.searchParams.get("sig"))).toMatchObject({ ok: true });
      // The same signature does not open another key, another tenant's included.
      expect(verifyLakeUrl(SECRET, key.replace(site, "00000000-0000-4000-8000-000000000000"), url.searchParams.get("expires"), url.searchParams.get("sig"))).toMatchObject({ ok: false });
    }
  });

  it("lists a monthly file when its month reaches into the range, and says when the log has events after the lake", async () => {
    const { db } = database();
    const site = await siteWithFiles(db, "monthly", ["2025-12-01"], "monthly");
    await siteWithFiles(db, "monthly-other", ["2026-01-01"], "monthly");
    const store = new LocalBlobStore("/nonexistent-lake-root", () => SECRET);
    expect((await lakeListing(db, store, site, { from: "2025-12-20", to: "2026-01-03" })).files.map(({ kind, day }) => [kind, day])).toEqual([["monthly", "2025-12-01"]]);
    expect((await lakeListing(db, store, site, { from: "2026-01-01", to: "2026-01-03" })).files).toEqual([]);
    await db.insert(schema.events).values({ siteId: site, id: crypto.randomUUID(), name: "pageview", ts: new Date(), visitorId: "v" });
    expect((await lakeListing(db, store, site, { from: "2026-01-01", to: "2026-01-03" })).tailPending).toBe(true);
  });

  it("names each file's current rollup, and the days no rollup may answer: the tail's and those a visitor id reaches over", async () => {
    const { db } = database();
    const site = await siteWithFiles(db, "rolled", ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]);
    const rollupKey = (day: string) => `site=${site}/date=${day}/rollup-0000000000000000.parquet`;
    await db.execute(sql`UPDATE lake_files SET rollup_key = 'site=' || site_id || '/date=' || day || '/rollup-0000000000000000.parquet', rollup_bytes = 7,
                          rollup_version = CASE WHEN day = '2026-03-04' THEN ${DAY_ROLLUP_VERSION - 1}::smallint ELSE ${DAY_ROLLUP_VERSION}::smallint END
                         WHERE site_id = ${site} AND day <> '2026-03-03'`);
    await db.insert(schema.multiDayVisitors).values({ siteId: site, visitorId: "v", firstDay: "2026-02-27", lastDay: "2026-03-01" });
    // An event in the log after the lake's checkpoint: the tail (the site's zone is UTC).
    await db.insert(schema.events).values({ siteId: site, id: crypto.randomUUID(), name: "pageview", ts: new Date("2026-03-02T12:00:00Z"), visitorId: "w" });
    const store = new LocalBlobStore("/nonexistent-lake-root", () => SECRET);
    const listing = await lakeListing(db, store, site, { from: "2026-03-01", to: "2026-03-04" });
    expect(listing.files.map((file) => [file.day, file.rollup?.key ?? null, file.rollup?.bytes ?? null])).toEqual([
      ["2026-03-01", rollupKey("2026-03-01"), 7],
      ["2026-03-02", rollupKey("2026-03-02"), 7],
      ["2026-03-03", null, null],
      ["2026-03-04", null, null], // an older rollup version
    ]);
    const url = new URL(listing.files[0]!.rollup!.url, "http://localhost");
    expect(verifyLakeUrl(SECRET, decodeURIComponent(url.pathname.replace("/api/lake/", "")), url.searchParams.get("expires"), url.searchParams.get("sig"))).toMatchObject({ ok: true });
    expect(listing.rawDays).toEqual(["2026-03-01", "2026-03-02"]);
  });

  it("lets no rollup answer while the sessions projection has not read as far as the lake", async () => {
    const { db } = database();
    const site = await siteWithFiles(db, "unprojected", ["2026-04-02", "2026-04-03"]);
    const store = new LocalBlobStore("/nonexistent-lake-root", () => SECRET);
    const checkpoint = (name: string, lastTx: string, lastSeq: number) =>
      db.insert(schema.projectionCheckpoints).values({ name, lastTx, lastSeq }).onConflictDoUpdate({ target: schema.projectionCheckpoints.name, set: { lastTx, lastSeq } });
    const range = { from: "2026-04-01", to: "2026-04-04" };
    await checkpoint(LAKE_CHECKPOINT, "100", 5);
    await checkpoint(sessionsProjection.name, "100", 4);
    // From the first listed file's day: no rollup can answer a day without a file anyway.
    expect((await lakeListing(db, store, site, range)).rawDays).toEqual(["2026-04-02", "2026-04-03", "2026-04-04"]);
    await checkpoint(sessionsProjection.name, "100", 5);
    expect((await lakeListing(db, store, site, range)).rawDays).toEqual([]);
    await checkpoint(sessionsProjection.name, "101", 1);
    expect((await lakeListing(db, store, site, range)).rawDays).toEqual([]);
  });
});
