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
    const backend = databaseBackend(database().db);
    const first = await backend.dailySalt("2026-11-01");
    expect(await backend.dailySalt("2026-11-01")).toBe(first);
    await backend.dailySalt("2026-11-02");
    await backend.dailySalt("2026-11-04");
    const days = (await database().db.select().from(schema.visitorSalts)).map((s) => s.day).sort();
    expect(days).toEqual(["2026-11-02", "2026-11-04"]);
  });
});
