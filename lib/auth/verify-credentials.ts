import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, type Database } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { signInSchema } from "./input-schemas";
import { hashPassword, verifyPassword } from "./password";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

// Hash of a random password, verified against when the email is unknown so
// that a wrong email and a wrong password take the same time to answer.
let decoyHash: Promise<string> | undefined;

/** The user these credentials belong to, or null for malformed input, an unknown email or a wrong password. */
export async function verifyCredentials(input: unknown, db?: Database): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const database = db ?? (await getDb());
  const [user] = await database.select().from(users).where(eq(users.email, email)).limit(1);
  // An account without a password (GitHub, Google, email link) answers like an unknown email.
  if (!user?.passwordHash) {
    decoyHash ??= hashPassword(randomUUID());
    await verifyPassword(await decoyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
