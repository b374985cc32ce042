import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { QUARANTINE_PER_SITE } from "@/lib/db/schema";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendEvents, databaseBackend } from "./database-backend";

const siteId = "00000000-0000-4000-8000-0000000000aa";

describeEachDatabase("database backend", (database) => {
  it("keeps only the newest quarantined payloads of a site", async () => {
    const backend = databaseBackend(database().db);
    const entries = Array.from({ length: QUARANTINE_PER_SITE + 5 }, (_, i) => ({ reason: "bad", payload: `#${i}` }));
    await backend.quarantine(siteId, entries.slice(0, 100));
    await backend.quarantine(siteId, entries.slice(100));
    const kept = await database().db.select().from(schema.quarantinedPayloads).where(eq(schema.quarantinedPayloads.siteId, siteId));
    expect(kept).toHaveLength(QUARANTINE_PER_SITE);
    expect(kept.some((k) => k.payload === "#0")).toBe(false);
    expect(kept.some((k) => k.payload === `#${QUARANTINE_PER_SITE + 4}`)).toBe(true);
  });

  it("appends a group larger than one statement holds, each id once", async () => {
    const rows = Array.from({ length: 4_500 }, () => ({ siteId, id: crypto.randomUUID(), name: "pageview", ts: new Date(), visitorId: "v" }));
    await appendEvents(database().db, rows);
    await appendEvents(database().db, rows.slice(0, 10)); // a retry
    const stored = await database().db.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.siteId, siteId));
    expect(stored).toHaveLength(4_500);
  });

  it("keeps one salt per day and destroys salts older than two days", async () => {
    const { db } = database();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await db.insert(schema.visitorSalts).values({ day: day(-5), salt: "stale" });
    const backend = databaseBackend(db);
    const today = await backend.dailySalt(day(0));
    expect(await backend.dailySalt(day(0))).toBe(today);
    // Zones ahead of UTC are already on tomorrow; those behind, still on yesterday.
    await backend.dailySalt(day(1));
    await backend.dailySalt(day(-1));
    // Late events of a day whose salt is destroyed get a salt of their own each time, never stored.
    const late = await backend.dailySalt(day(-4));
    expect(await backend.dailySalt(day(-4))).not.toBe(late);
    const days = (await db.select().from(schema.visitorSalts)).map((s) => s.day).sort();
    expect(days).toEqual([day(-1), day(0), day(1)]);
  });
});
