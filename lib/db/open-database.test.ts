import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/databases";
import { schema } from "@/lib/db";

const siteId = "00000000-0000-4000-8000-000000000001";
const eventId = "01900000-0000-7000-8000-000000000001";

describeEachDatabase("database layer", (database) => {
  it("migrates every table and round-trips an event", async () => {
    const { db } = database();
    await db.insert(schema.events).values({ siteId, id: eventId, name: "pageview", ts: new Date("2026-01-02T03:04:05Z"), visitorId: "v1", path: "/a" });
    const rows = await db.select().from(schema.events).where(eq(schema.events.siteId, siteId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: eventId, path: "/a", schemaVersion: 1 });
    expect(rows[0]!.seq).toBeGreaterThan(0);
  });

  it("stores one row for an event id sent twice", async () => {
    const { db } = database();
    const row = { siteId, id: eventId, name: "pageview", ts: new Date(), visitorId: "v1" };
    await db.insert(schema.events).values(row).onConflictDoNothing();
    const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(schema.events)) as [{ count: number }];
    expect(count).toBe(1);
  });

  it("refuses to update the append-only log", async () => {
    const { db } = database();
    await expect(db.update(schema.events).set({ path: "/b" })).rejects.toThrow();
  });
});
