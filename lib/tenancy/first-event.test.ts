import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { prepareSites } from "@/lib/testing/projection-fixtures";
import { firstEvent } from "./first-event";

describeEachDatabase("firstEvent", (database) => {
  it("says no event has arrived until the site's first one, then when it happened; other sites' events do not count", async () => {
    const { db } = database();
    const [site, other] = (await prepareSites(db, "first", ["UTC", "UTC"])) as [string, string];
    const event = (siteId: string, ts: string) => ({ siteId, id: crypto.randomUUID(), name: "pageview", ts: new Date(ts), visitorId: "v" });

    expect(await firstEvent(db, site)).toEqual({ received: false, firstEventAt: null });
    await db.insert(schema.events).values(event(other, "2026-03-01T08:00:00Z"));
    expect(await firstEvent(db, site)).toEqual({ received: false, firstEventAt: null });

    await db.insert(schema.events).values([event(site, "2026-03-02T10:00:00Z"), event(site, "2026-03-02T09:30:00Z")]);
    expect(await firstEvent(db, site)).toEqual({ received: true, firstEventAt: "2026-03-02T09:30:00.000Z" });
  });
});
