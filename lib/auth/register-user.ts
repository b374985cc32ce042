import "server-only";
import { getDb, type Database } from "@/lib/db";
import { memberships, organisations, users } from "@/lib/db/schema";
import type { SignUpInput } from "./input-schemas";
import { hashPassword } from "./password";

export type RegisterUserResult =
  | { ok: true; user: { id: string; email: string; name: string }; organisationId: string }
  | { ok: false; reason: "email_taken" };

/**
 * Create a user with an organisation of their own, owned by them. The three
 * rows commit together, so there is never a user without an organisation.
 * A taken email is detected by the unique index itself (not a prior SELECT),
 * so two simultaneous sign-ups with one email cannot both succeed.
 */
export async function registerUser(input: SignUpInput, db?: Database): Promise<RegisterUserResult> {
  // Hash before the transaction: argon2 is deliberately slow and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  return createUserWithOrganisation(db ?? (await getDb()), { email: input.email, name: input.name, passwordHash });
}

/**
 * The rows of a new account: the user, their organisation and the owner
 * membership, in one transaction. `passwordHash` is null for users who sign
 * in with GitHub, Google or an email link. `email` must be lower-cased.
 */
export async function createUserWithOrganisation(
  db: Database,
  account: { email: string; name: string; passwordHash: string | null },
): Promise<RegisterUserResult> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values(account)
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!user) return { ok: false, reason: "email_taken" } as const;
    const [organisation] = await tx
      .insert(organisations)
      .values({ name: `${account.name}'s organisation` })
      .returning({ id: organisations.id });
    await tx.insert(memberships).values({ organisationId: organisation!.id, userId: user.id, role: "owner" });
    return { ok: true, user, organisationId: organisation!.id } as const;
  });
}
