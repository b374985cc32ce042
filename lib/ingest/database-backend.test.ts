import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { newToken } from "@/lib/access/secret-tokens";
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

  it("finds an API key by its hash, revoked ones as such, and records its use at most once a minute", async () => {
    const { db } = database();
    const [org] = await db.insert(schema.organisations).values({ name: "Keys" }).returning();
    const insert = async (scope: "read" | "ingest", fields: { revokedAt?: Date; lastUsedAt?: Date } = {}) => {
      const { token, hash, displayPrefix } = newToken("apiKey");
      const [row] = await db.insert(schema.apiKeys).values({ organisationId: org!.id, name: scope, scope, prefix: displayPrefix, secretHash: hash, ...fields }).returning();
      return { token, hash, id: row!.id };
    };
    const lastUsed = async (id: string) => (await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id)))[0]!.lastUsedAt;
    const backend = databaseBackend(db);
    const ingest = await insert("ingest");
    const read = await insert("read");
    const revoked = await insert("ingest", { revokedAt: new Date() });
    const recent = new Date(Date.now() - 30_000);
    const recentlyUsed = await insert("ingest", { lastUsedAt: recent });
    const longAgo = new Date(Date.now() - 120_000);
    const usedLongAgo = await insert("ingest", { lastUsedAt: longAgo });

    expect(await backend.findApiKey(ingest.hash)).toEqual({ id: ingest.id, organisationId: org!.id, scope: "ingest", revoked: false });
    expect(await backend.findApiKey(read.hash)).toMatchObject({ scope: "read", revoked: false });
    expect(await backend.findApiKey(revoked.hash)).toMatchObject({ scope: "ingest", revoked: true });
    expect(await backend.findApiKey(newToken("apiKey").hash)).toBeNull();
    // Never the key itself: a key's hash is the only way in.
    expect(await backend.findApiKey(ingest.token)).toBeNull();

    expect(await lastUsed(ingest.id)).not.toBeNull();
    expect(await lastUsed(revoked.id)).toBeNull();
    await backend.findApiKey(recentlyUsed.hash);
    await backend.findApiKey(usedLongAgo.hash);
    expect(await lastUsed(recentlyUsed.id)).toEqual(recent);
    expect((await lastUsed(usedLongAgo.id))!.getTime()).toBeGreaterThan(longAgo.getTime() + 60_000);
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
