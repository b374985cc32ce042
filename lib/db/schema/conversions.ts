import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { FunnelStep } from "@/lib/query/conversions-model";
import { sites } from "./tenancy";

/**
 * A site's goals: what counts as a conversion (see ConversionStep in
 * lib/query/conversions-model.ts). Page goals have `page_pattern`; event
 * goals `event_name`, optionally narrowed to one property value.
 */
export const goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["page", "event"] }).notNull(),
    pagePattern: text("page_pattern"),
    eventName: text("event_name"),
    propertyKey: text("property_key"),
    propertyValue: text("property_value"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique("goals_site_name_key").on(table.siteId, table.name),
    check(
      "goals_shape",
      sql`(kind = 'page' AND page_pattern IS NOT NULL AND event_name IS NULL AND property_key IS NULL)
       OR (kind = 'event' AND event_name IS NOT NULL AND page_pattern IS NULL AND (property_key IS NULL) = (property_value IS NULL))`,
    ),
  ],
);

/** A site's funnels: 2-8 ordered steps, each shaped like a goal. */
export const funnels = pgTable(
  "funnels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    steps: jsonb("steps").$type<FunnelStep[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique("funnels_site_name_key").on(table.siteId, table.name), check("funnels_step_count", sql`jsonb_array_length(steps) BETWEEN 2 AND 8`)],
);
