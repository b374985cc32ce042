import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { queryRows, type Database } from "@/lib/db";
import { memberships, organisations, sites, users } from "@/lib/db/schema";

/** The demo account's sign-in; printed by `npm run seed` and the demo script. */
export const DEMO_CREDENTIALS = { email: "demo@inlet.dev", password: "inlet-demo-password" } as const;

export const DEMO_SITE = {
  name: "Demo site",
  publicKey: "pk_demo_site_000000000000",
  allowedDomains: ["localhost", "127.0.0.1"],
  timeZone: "Europe/Berlin",
} as const;

const DEMO_ORGANISATION_NAME = "Demo organisation";

export interface DemoSite {
  userId: string;
  organisationId: string;
  siteId: string;
  /** The site's zone as stored (an owner may have changed it since creation). */
  timeZone: string;
}

/**
 * Create whatever is missing of the demo user, its organisation (the user an
 * owner) and the demo site; existing rows are kept as they are. Safe to run
 * again and again.
 */
export async function ensureDemoSite(db: Database): Promise<DemoSite> {
  const userId = await ensureDemoUser(db);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(sites).where(eq(sites.publicKey, DEMO_SITE.publicKey));
    let organisationId = existing?.organisationId;
    if (!organisationId) {
      const [owned] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .innerJoin(memberships, eq(memberships.organisationId, organisations.id))
        .where(and(eq(memberships.userId, userId), eq(organisations.name, DEMO_ORGANISATION_NAME)))
        .limit(1);
      organisationId = owned?.id ?? (await tx.insert(organisations).values({ name: DEMO_ORGANISATION_NAME }).returning())[0]!.id;
    }
    await tx.insert(memberships).values({ organisationId, userId, role: "owner" }).onConflictDoNothing();
    if (existing) return { userId, organisationId, siteId: existing.id, timeZone: existing.timeZone };
    await tx
      .insert(sites)
      .values({
        organisationId,
        name: DEMO_SITE.name,
        publicKey: DEMO_SITE.publicKey,
        allowedDomains: [...DEMO_SITE.allowedDomains],
        timeZone: DEMO_SITE.timeZone,
      })
      .onConflictDoNothing(); // a concurrent run may have just made it
    const [site] = await tx.select().from(sites).where(eq(sites.publicKey, DEMO_SITE.publicKey));
    return { userId, organisationId: site!.organisationId, siteId: site!.id, timeZone: site!.timeZone };
  });
}

/** Whether the demo site exists and has at least one event. */
export async function demoSiteHasEvents(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ has_events: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM events e JOIN sites s ON s.id = e.site_id WHERE s.public_key = ${DEMO_SITE.publicKey}) AS has_events`,
  );
  return row?.has_events === true;
}

async function ensureDemoUser(db: Database): Promise<string> {
  const find = async () => (await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_CREDENTIALS.email)))[0]?.id;
  const found = await find();
  if (found) return found;
  // Hashing is slow on purpose, so it happens outside any transaction.
  const passwordHash = await hashPassword(DEMO_CREDENTIALS.password);
  await db.insert(users).values({ email: DEMO_CREDENTIALS.email, name: "Demo user", passwordHash }).onConflictDoNothing();
  return (await find())!;
}
