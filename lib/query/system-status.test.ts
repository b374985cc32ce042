import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { schema, type Database } from "@/lib/db";
import { catchUp, projections } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { getSystemStatus, INGEST_WINDOW_MINUTES, PAYLOAD_PREVIEW_CHARS, QUARANTINE_ROWS } from "./system-status";

const NOW = new Date("2026-03-10T12:00:30Z");
const MINUTE = 60_000;

async function twoSites(db: Database, key: string) {
  const [organisation] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
  const [site, other] = await db
    .insert(schema.sites)
    .values([
      { organisationId: organisation!.id, name: "Site", publicKey: `pk_test_${key}_a` },
      { organisationId: organisation!.id, name: "Other", publicKey: `pk_test_${key}_b` },
    ])
    .returning();
  return { site: site!, other: other! };
}

const event = (siteId: string, receivedAt: Date) => ({ siteId, id: randomUUID(), name: "pageview", ts: receivedAt, receivedAt, visitorId: "v" });

describeEachDatabase("system status", (database) => {
  it("counts the site's events per UTC minute over the last hour, empty minutes as 0", async () => {
    const { db } = database();
    const { site, other } = await twoSites(db, "minutes");
    await db.insert(schema.events).values([
      event(site.id, new Date("2026-03-10T11:00:59.999Z")), // the minute before the window
      event(site.id, new Date("2026-03-10T11:01:00Z")), // the window's first minute
      event(site.id, new Date("2026-03-10T11:30:10Z")),
      event(site.id, new Date("2026-03-10T11:30:59Z")),
      event(site.id, new Date("2026-03-10T12:00:30Z")), // exactly now
      event(site.id, new Date("2026-03-10T12:00:31Z")), // after now
      event(other.id, new Date("2026-03-10T11:30:00Z")), // another site
    ]);

    const { eventsPerMinute } = await getSystemStatus(db, site.id, NOW);

    expect(eventsPerMinute).toHaveLength(INGEST_WINDOW_MINUTES);
    expect(eventsPerMinute[0]).toEqual({ minute: "2026-03-10T11:01:00.000Z", events: 1 });
    expect(eventsPerMinute[29]).toEqual({ minute: "2026-03-10T11:30:00.000Z", events: 2 });
    expect(eventsPerMinute.at(-1)).toEqual({ minute: "2026-03-10T12:00:00.000Z", events: 1 });
    expect(eventsPerMinute[1]).toEqual({ minute: "2026-03-10T11:02:00.000Z", events: 0 });
    expect(eventsPerMinute.reduce((sum, row) => sum + row.events, 0)).toBe(4);
    expect((await getSystemStatus(db, other.id, NOW)).eventsPerMinute.reduce((sum, row) => sum + row.events, 0)).toBe(1);
  });

  it("lists the latest rejected payloads, newest first, with the site's total", async () => {
    const { db } = database();
    const { site, other } = await twoSites(db, "quarantine");
    const total = QUARANTINE_ROWS + 5;
    const receivedAt = (i: number) => new Date(NOW.getTime() - (total - i) * 1000);
    await db.insert(schema.quarantinedPayloads).values(
      Array.from({ length: total }, (_, i) => ({
        siteId: site.id,
        receivedAt: receivedAt(i),
        reason: `reason ${i}`,
        payload: i === total - 1 ? "x".repeat(PAYLOAD_PREVIEW_CHARS + 100) : `{"n":${i}}`,
      })),
    );
    await db.insert(schema.quarantinedPayloads).values({ siteId: other.id, receivedAt: NOW, reason: "other site", payload: "{}" });

    const { quarantine } = await getSystemStatus(db, site.id, NOW);

    expect(quarantine.total).toBe(total);
    expect(quarantine.rows).toHaveLength(QUARANTINE_ROWS);
    expect(quarantine.rows.map((row) => row.reason)).toEqual(Array.from({ length: QUARANTINE_ROWS }, (_, i) => `reason ${total - 1 - i}`));
    expect(quarantine.rows[0]!.receivedAt.getTime()).toBe(receivedAt(total - 1).getTime());
    expect(quarantine.rows[0]!.payload).toBe(`${"x".repeat(PAYLOAD_PREVIEW_CHARS)}…`);
    expect(quarantine.rows[1]!.payload).toBe(`{"n":${total - 2}}`);
    expect((await getSystemStatus(db, other.id, NOW)).quarantine).toMatchObject({ total: 1, rows: [{ reason: "other site" }] });
    expect((await getSystemStatus(db, randomUUID(), NOW)).quarantine).toEqual({ total: 0, rows: [] });
  });
});

// A database of its own: lag is measured over the whole log, so other tests' events would count.
describeEachDatabase("system status lag", (database) => {
  it("reports every projection, behind while events wait and caught up after catchUp", async () => {
    const { db } = database();
    const { site } = await twoSites(db, "lag");
    const hourAgo = new Date(Date.now() - 60 * MINUTE);
    await db.insert(schema.events).values([event(site.id, hourAgo), event(site.id, new Date())]);

    const behind = await getSystemStatus(db, site.id);
    expect(behind.lag.map((row) => row.name).sort()).toEqual(Object.keys(projections).sort());
    for (const row of behind.lag) {
      expect(row.lagMs).toBeGreaterThanOrEqual(59 * MINUTE);
      expect(row.oldestUnprojectedAt?.getTime()).toBe(hourAgo.getTime());
    }

    for (const projection of Object.values(projections)) await catchUp(db, projection);

    const caughtUp = await getSystemStatus(db, site.id);
    for (const row of caughtUp.lag) {
      expect(row).toMatchObject({ lagMs: 0, oldestUnprojectedAt: null });
      expect(row.updatedAt).not.toBeNull();
    }
  });
});
