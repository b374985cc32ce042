import { bigint, date, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** How far each projection has read the events log. */
export const projectionCheckpoints = pgTable("projection_checkpoints", {
  name: text("name").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Read model: pageviews per site per day, the day in the site's time zone. */
export const dailyPageviews = pgTable(
  "daily_pageviews",
  {
    siteId: uuid("site_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    pageviews: bigint("pageviews", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.day] })],
);
