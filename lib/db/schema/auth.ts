import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./tenancy";

/**
 * A GitHub or Google identity linked to a user, so a later sign-in finds the
 * user by the provider's stable id even after the email there changed.
 * Provider tokens are not kept: Inlet calls no provider API after sign-in.
 */
export const oauthAccounts = pgTable(
  "oauth_accounts",
  {
    /** Auth.js's provider id: "github", "google". */
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.providerAccountId] }), index("oauth_accounts_user_idx").on(table.userId)],
);

/**
 * Pending email sign-in links. `tokenHash` is what Auth.js hands the adapter:
 * a SHA-256 of the link's token and AUTH_SECRET, so a leaked table row does not
 * sign anyone in. A row is deleted when its link is used.
 */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    /** The email address the link was sent to, lower-cased. */
    identifier: text("identifier").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.tokenHash] }), index("verification_tokens_expires_idx").on(table.expiresAt)],
);
