import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { countLiveVisitors, LIVE_WINDOW_MS } from "./live-visitors";

const NOW = new Date("2026-03-10T12:00:00Z");
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow);

describeEachDatabase("live visitors", (database) => {
  it("counts each visitor once, only the site's, only within the last five minutes", async () => {
    const { db } = database();
    const [organisation] = await db.insert(schema.organisations).values({ name: "Org" }).returning();
    const [site, other] = await db
      .insert(schema.sites)
      .values([
        { organisationId: organisation!.id, name: "Site", publicKey: "pk_test_live_a" },
        { organisationId: organisation!.id, name: "Other", publicKey: "pk_test_live_b" },
      ])
      .returning();
    const event = (siteId: string, visitorId: string, ts: Date, name = "pageview") => ({ siteId, id: randomUUID(), name, ts, visitorId });
    await db.insert(schema.events).values([
      event(site!.id, "alice", at(10_000)),
      event(site!.id, "alice", at(20_000)), // the same visitor again
      event(site!.id, "bob", at(LIVE_WINDOW_MS - 1), "signup"), // a custom event counts too
      event(site!.id, "carol", at(LIVE_WINDOW_MS)), // exactly five minutes ago: out
      event(site!.id, "dave", at(60 * 60 * 1000)), // an hour ago
      event(site!.id, "erin", at(-1000)), // after `now`
      event(other!.id, "frank", at(1000)), // another site
    ]);

    expect(await countLiveVisitors(db, site!, NOW)).toBe(2);
    expect(await countLiveVisitors(db, other!, NOW)).toBe(1);
    expect(await countLiveVisitors(db, { id: randomUUID() }, NOW)).toBe(0);
  });
});
