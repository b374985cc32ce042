import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { CollectorBackend } from "@/edge/collector/collector-backend";
import type { Database } from "@/lib/db";
import { events, sites, visitorSalts, type NewEventRow } from "@/lib/db/schema";

/**
 * The collector's backend over a drizzle database. The edge route uses it with
 * Neon; the Node side uses it with the embedded database. Edge-safe: drizzle
 * and Web Crypto only.
 */
export function databaseBackend(db: Database): CollectorBackend {
  return {
    async findSite(publicKey) {
      const [site] = await db
        .select({ id: sites.id, allowedDomains: sites.allowedDomains })
        .from(sites)
        .where(eq(sites.publicKey, publicKey))
        .limit(1);
      return site ?? null;
    },
    append: (rows) => appendEvents(db, rows),
    dailySalt: (day) => dailySalt(db, day),
  };
}

/** Append to the log in one statement; an id the site already has is skipped, not stored twice. */
export async function appendEvents(db: Database, rows: NewEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(events).values(rows).onConflictDoNothing({ target: [events.siteId, events.id] });
}

async function dailySalt(db: Database, day: string): Promise<string> {
  const fresh = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  return db.transaction(async (tx) => {
    await tx.insert(visitorSalts).values({ day, salt: fresh }).onConflictDoNothing();
    // Two days back covers events that arrive late across midnight; older salts must not survive.
    await tx.delete(visitorSalts).where(lt(visitorSalts.day, sql`(${day}::date - 2)`));
    const [row] = await tx.select({ salt: visitorSalts.salt }).from(visitorSalts).where(eq(visitorSalts.day, day));
    return row!.salt;
  });
}
