import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/databases";
import { queryRows } from "./query-rows";
import * as schema from "./schema";
import { TENANT_ROLE, withTenantScope } from "./tenant-scope";

/** Tables the tenant role may read, scoped by row; every other table it may not read at all. */
const READABLE = ["daily_pageviews", "daily_stats", "events", "funnels", "goals", "hourly_hits", "multi_day_visitors", "sessions", "sites"];

describeEachDatabase("row-level security", (database) => {
  it("is on for every table that holds a site's or an organisation's rows, a table added later included", async () => {
    const { db } = database();
    const unprotected = await queryRows<{ table: string }>(
      db,
      sql`SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
            AND (c.relname = 'organisations' OR EXISTS (SELECT 1 FROM information_schema.columns k
              WHERE k.table_schema = 'public' AND k.table_name = c.relname AND k.column_name IN ('site_id', 'organisation_id')))`,
    );
    expect(unprotected).toEqual([]);
    const granted = await queryRows<{ table: string }>(
      db,
      sql`SELECT table_name AS "table" FROM information_schema.role_table_grants WHERE grantee = ${TENANT_ROLE} AND privilege_type = 'SELECT' ORDER BY 1`,
    );
    expect(granted.map((row) => row.table)).toEqual(READABLE);
  });

  it("shows the scope's rows only, nothing without a scope, and refuses writes and other tables", async () => {
    const { db } = database();
    const [organisation] = await db.insert(schema.organisations).values({ name: "RLS" }).returning();
    const [a, b] = await db
      .insert(schema.sites)
      .values([
        { organisationId: organisation!.id, name: "A", publicKey: "pk_rls_a" },
        { organisationId: organisation!.id, name: "B", publicKey: "pk_rls_b" },
      ])
      .returning();
    const ts = new Date("2026-04-01T10:00:00Z");
    await db.insert(schema.events).values(
      [a, a, b].map((site) => ({ siteId: site!.id, id: crypto.randomUUID(), name: "pageview", ts, visitorId: "v" })),
    );
    await db.insert(schema.goals).values([a, b].map((site) => ({ siteId: site!.id, name: "G", kind: "page" as const, pagePattern: "/" })));

    const seen = (siteIds: string[]) =>
      withTenantScope(db, siteIds, async (scoped) => ({
        sites: (await scoped.select().from(schema.sites)).map((site) => site.name).sort(),
        events: (await scoped.select().from(schema.events)).map((event) => event.siteId),
        goals: (await scoped.select().from(schema.goals)).length,
      }));
    expect(await seen([a!.id])).toEqual({ sites: ["A"], events: [a!.id, a!.id], goals: 1 });
    expect(await seen([b!.id])).toEqual({ sites: ["B"], events: [b!.id], goals: 1 });
    expect(await seen([])).toEqual({ sites: [], events: [], goals: 0 });

    const refused = (statement: ReturnType<typeof sql>) =>
      withTenantScope(db, [a!.id], (scoped) => scoped.execute(statement)).then(
        () => "allowed",
        (error: { cause?: { message?: string } }) => error.cause?.message ?? String(error),
      );
    expect(await refused(sql`SELECT * FROM users`)).toMatch(/permission denied/);
    expect(await refused(sql`SELECT * FROM api_keys`)).toMatch(/permission denied/);
    expect(await refused(sql`SELECT * FROM share_links`)).toMatch(/permission denied/);
    expect(await refused(sql`DELETE FROM events`)).toMatch(/read-only|permission denied/);
    // The app's own role is not bound: the scope ends with its transaction.
    expect((await db.select().from(schema.events)).length).toBe(3);
  });
});
