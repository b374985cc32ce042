import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stored lower-cased; unique. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** An argon2id PHC string; null for a user who signs in only with GitHub, Google or an email link. */
  passwordHash: text("password_hash"),
  /**
   * Sessions that signed in before this instant are refused (see
   * lib/auth/session-user.ts): set by a password change and "Sign out
   * everywhere". Null: no session was ever revoked.
   */
  sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const roles = ["owner", "admin", "viewer"] as const;
export type Role = (typeof roles)[number];

export const memberships = pgTable(
  "memberships",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.organisationId, table.userId] }), index("memberships_user_idx").on(table.userId)],
);

export const HOT_RETENTION_DEFAULT_DAYS = 35;

export const sites = pgTable(
  "sites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The public write key the snippet carries; it grants ingestion only. */
    publicKey: text("public_key").notNull().unique(),
    /** Hostnames allowed to send events (a leading "*." allows subdomains). Empty: any. */
    allowedDomains: text("allowed_domains")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** IANA time zone that day and hour buckets follow. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Days of raw events Postgres keeps; older days are served from the lake (Parquet). */
    hotRetentionDays: integer("hot_retention_days").notNull().default(HOT_RETENTION_DEFAULT_DAYS),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("sites_organisation_idx").on(table.organisationId)],
);
