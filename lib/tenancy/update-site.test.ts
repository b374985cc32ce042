import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { schema, type Database } from "@/lib/db";
import { catchUp, projections, rebuild } from "@/lib/projections";
import { describeEachDatabase } from "@/lib/testing/databases";
import { appendTraffic, dailyPageviewsFromLog, dailyPageviewsReadModel, prepareSites, snapshotReadModels } from "@/lib/testing/projection-fixtures";
import { updateSite } from "./update-site";

const all = Object.values(projections);

describeEachDatabase("updateSite", (database) => {
  let organisationId: string;
  let siteId: string;
  let otherId: string;
  const actor = { userId: "", email: "admin@example.com" };

  const siteRow = async (db: Database, id = siteId) => (await db.select().from(schema.sites).where(eq(schema.sites.id, id)))[0]!;
  const settings = (overrides: Record<string, string> = {}) => ({
    name: "Blog",
    domains: "blog.example.com",
    timeZone: "UTC",
    hotRetentionDays: "35",
    ...overrides,
  });

  beforeAll(async () => {
    const { db } = database();
    [siteId, otherId] = (await prepareSites(db, "update", ["UTC", "America/Los_Angeles"])) as [string, string];
    organisationId = (await siteRow(db)).organisationId;
    const [user] = await db.insert(schema.users).values({ email: actor.email, name: "Admin", passwordHash: "x" }).returning();
    actor.userId = user!.id;
    await db.insert(schema.memberships).values({ organisationId, userId: actor.userId, role: "admin" });
  });

  it("saves the settings, normalised, and audits each change with its old and new value", async () => {
    const { db } = database();
    const before = await siteRow(db);
    const result = await updateSite(db, siteId, actor, settings({ name: "  Blog  ", domains: "Blog.Example.com, https://www.example.com/x", hotRetentionDays: " 30 " }));
    expect(result).toMatchObject({ ok: true, site: { name: "Blog", allowedDomains: ["blog.example.com", "www.example.com"], hotRetentionDays: 30, timeZone: "UTC" } });
    expect(await siteRow(db)).toEqual({ ...before, name: "Blog", allowedDomains: ["blog.example.com", "www.example.com"], hotRetentionDays: 30 });

    const [entry] = await listAudit(db, organisationId);
    expect(entry).toMatchObject({
      action: "site.updated",
      actorId: actor.userId,
      actorEmail: actor.email,
      details: {
        siteId,
        name: "Blog",
        changes: {
          name: { from: before.name, to: "Blog" },
          allowedDomains: { from: [], to: ["blog.example.com", "www.example.com"] },
          hotRetentionDays: { from: 35, to: 30 },
        },
      },
    });
    expect(Object.keys(entry!.details.changes as object).sort()).toEqual(["allowedDomains", "hotRetentionDays", "name"]);
  });

  it("records nothing when nothing changed", async () => {
    const { db } = database();
    const current = await siteRow(db);
    const entries = (await listAudit(db, organisationId)).length;
    const result = await updateSite(db, siteId, actor, settings({ name: current.name, domains: current.allowedDomains.join(" "), hotRetentionDays: String(current.hotRetentionDays) }));
    expect(result).toMatchObject({ ok: true, changes: {} });
    expect(await listAudit(db, organisationId)).toHaveLength(entries);
  });

  it("answers bad input with an error per field that names the problem, and changes nothing", async () => {
    const { db } = database();
    const before = await siteRow(db);
    const entries = (await listAudit(db, organisationId)).length;
    const result = await updateSite(db, siteId, actor, { name: "", domains: "example.com exa_mple!", timeZone: "Mars/Olympus_Mons", hotRetentionDays: "6" });
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.fieldErrors! : {};
    expect(Object.keys(errors).sort()).toEqual(["domains", "hotRetentionDays", "name", "timeZone"]);
    expect(errors.hotRetentionDays).toEqual(["Keep raw events for 7 to 3650 days"]);
    expect(errors.domains).toEqual([`"exa_mple!" is not a valid domain`]);

    for (const [days, message] of [
      ["3651", "7 to 3650 days"],
      ["two weeks", "whole number"],
      ["30.5", "whole number"],
      ["", "whole number"],
    ]) {
      const refused = await updateSite(db, siteId, actor, settings({ hotRetentionDays: days! }));
      expect(!refused.ok && refused.fieldErrors?.hotRetentionDays?.join(" "), days).toContain(message);
    }
    expect(await siteRow(db)).toEqual(before);
    expect(await listAudit(db, organisationId)).toHaveLength(entries);
  });

  it("re-buckets the site's read models in its new time zone with the change, leaving the other site's rows alone", async () => {
    const { db } = database();
    await appendTraffic(db, [siteId, otherId], { events: 600, seed: 21, perTransaction: 50 });
    for (const projection of all) await catchUp(db, projection);
    const otherBefore = await snapshotReadModels(db, otherId);
    const movedBefore = await snapshotReadModels(db, siteId);

    const result = await updateSite(db, siteId, actor, settings({ timeZone: "Pacific/Auckland" }));
    expect(result).toMatchObject({ ok: true, changes: { timeZone: { from: "UTC", to: "Pacific/Auckland" } } });
    const moved = await snapshotReadModels(db, siteId);
    expect(moved.sessions).not.toEqual(movedBefore.sessions);
    expect(await snapshotReadModels(db, otherId)).toEqual(otherBefore);
    expect(await dailyPageviewsReadModel(db)).toEqual(await dailyPageviewsFromLog(db));

    // A rebuild of the whole log under the new zone gives the same rows.
    for (const projection of all) await rebuild(db, projection);
    expect(await snapshotReadModels(db, siteId)).toEqual(moved);
    expect(await snapshotReadModels(db, otherId)).toEqual(otherBefore);

    const [entry] = await listAudit(db, organisationId);
    expect(entry).toMatchObject({ action: "site.updated", details: { siteId, changes: { timeZone: { from: "UTC", to: "Pacific/Auckland" } } } });
  });

  it("answers a site deleted meanwhile with a form error", async () => {
    const { db } = database();
    const result = await updateSite(db, "00000000-0000-4000-8000-000000000000", actor, settings());
    expect(result).toEqual({ ok: false, formError: "This site no longer exists." });
  });
});
