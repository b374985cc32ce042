import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { newToken } from "@/lib/access";
import { listAudit } from "@/lib/audit";
import { queryRows, schema, type Database } from "@/lib/db";
import { MemoryBlobStore } from "@/lib/lake/testing/memory-blob-store";
import { catchUp, projections } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, prepareSites } from "@/lib/testing/projection-fixtures";
import { deleteSite } from "./delete-site";

/** Every table with a site_id column, found in the catalog so that a table added later is checked too. */
async function siteTables(db: Database): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'site_id' AND t.table_type = 'BASE TABLE'
        ORDER BY 1`,
  );
  return rows.map((row) => row.table_name);
}

/** Each such table's rows of one site, as sorted JSON text. */
async function rowsOfSite(db: Database, siteId: string): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const table of await siteTables(db)) {
    const found = await queryRows<{ row: string }>(db, sql`SELECT to_jsonb(t)::text AS row FROM ${sql.identifier(table)} t WHERE t.site_id = ${siteId} ORDER BY 1`);
    rows[table] = found.map(({ row }) => row);
  }
  return rows;
}

/** Goals, a funnel, a share link and a quarantined payload: something in every table a site owns. */
/** Rows in every table the site owns, and a lake file with its manifest row. */
async function furnish(db: Database, siteId: string, lake: MemoryBlobStore) {
  const key = `site=${siteId}/date=2026-03-01/events-0123456789abcdef.parquet`;
  await lake.put(key, new Uint8Array([1, 2, 3]));
  await db.insert(schema.lakeFiles).values({
    siteId,
    kind: "daily",
    key,
    day: "2026-03-01",
    minTs: new Date("2026-03-01T00:00:00Z"),
    maxTs: new Date("2026-03-01T23:00:00Z"),
    rows: 1,
    bytes: 3,
    schemaVersion: 1,
    sha256: "0".repeat(64),
  });
  const [goal] = await db.insert(schema.goals).values({ siteId, name: "Signed up", kind: "event", eventName: "signup" }).returning();
  await db.insert(schema.goals).values({ siteId, name: "Pricing", kind: "page", pagePattern: "/pricing" });
  await db.insert(schema.funnels).values({
    siteId,
    name: "Pricing to signup",
    steps: [
      { kind: "page", pagePattern: "/pricing" },
      { kind: "event", eventName: goal!.eventName! },
    ],
  });
  const token = newToken("shareLink");
  await db.insert(schema.shareLinks).values({ siteId, label: "Public", tokenHash: token.hash, prefix: token.displayPrefix });
  await db.insert(schema.quarantinedPayloads).values({ siteId, reason: "invalid_batch: name", payload: "{}" });
}

describeEachDatabase("deleteSite", (database) => {
  it("deletes the site and every row of every table that names it, in one go, and nothing of another site", async () => {
    const { db } = database();
    const [doomed, kept] = (await prepareSites(db, "delete", ["UTC", "Asia/Tokyo"])) as [string, string];
    const [site] = await db.select().from(schema.sites).where(eq(schema.sites.id, doomed));
    const [owner] = await db.insert(schema.users).values({ email: "owner@example.com", name: "Owner", passwordHash: "x" }).returning();
    const actor = { userId: owner!.id, email: owner!.email };
    await appendTraffic(db, [doomed, kept], { events: 400, seed: 3, perTransaction: 50 });
    for (const projection of Object.values(projections)) await catchUp(db, projection);
    const lake = new MemoryBlobStore();
    await furnish(db, doomed, lake);
    await furnish(db, kept, lake);

    const before = await rowsOfSite(db, doomed);
    const keptBefore = await rowsOfSite(db, kept);
    // The test proves something only for tables it filled: every table the site owns today.
    const filled = Object.keys(before).filter((table) => before[table]!.length > 0);
    expect(filled).toEqual(
      expect.arrayContaining(["events", "sessions", "hourly_hits", "daily_stats", "daily_pageviews", "quarantined_payloads", "goals", "funnels", "share_links", "lake_files"]),
    );

    // A wrong name deletes nothing.
    const refused = await deleteSite(db, doomed, actor, { confirmName: "delete" }, lake);
    expect(refused).toEqual({ ok: false, fieldErrors: { confirmName: [`Type the site's name, ${site!.name}, exactly as shown to confirm`] } });
    expect(await rowsOfSite(db, doomed)).toEqual(before);
    expect(await lake.list(`site=${doomed}/`)).toHaveLength(1);

    expect(await deleteSite(db, doomed, actor, { confirmName: ` ${site!.name} ` }, lake)).toEqual({ ok: true });
    // Its lake files went too; the other site's stay.
    expect(await lake.list(`site=${doomed}/`)).toEqual([]);
    expect(await lake.list(`site=${kept}/`)).toHaveLength(1);
    const after = await rowsOfSite(db, doomed);
    expect(Object.entries(after).filter(([, rows]) => rows.length > 0)).toEqual([]);
    expect(await db.select().from(schema.sites).where(eq(schema.sites.id, doomed))).toEqual([]);
    expect(await rowsOfSite(db, kept)).toEqual(keptBefore);
    expect((await db.select().from(schema.sites).where(eq(schema.sites.id, kept))).length).toBe(1);

    const [entry] = await listAudit(db, site!.organisationId);
    expect(entry).toMatchObject({ action: "site.deleted", actorId: actor.userId, actorEmail: actor.email, details: { siteId: doomed, name: site!.name } });

    // Deleting again: the site is gone.
    expect(await deleteSite(db, doomed, actor, { confirmName: site!.name }, lake)).toEqual({ ok: false, formError: "This site no longer exists." });
  });
});
