import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { signUpSchema } from "./input-schemas";
import { registerUser } from "./register-user";
import { verifyCredentials } from "./verify-credentials";

describeEachDatabase("sign-up and credentials", (database) => {
  it("creates the user, their organisation and an owner membership", async () => {
    const { db } = database();
    const input = signUpSchema.parse({ name: "Ada", email: "  Ada@Example.COM ", password: "analytical engine" });
    const result = await registerUser(input, db);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ email: "ada@example.com", name: "Ada" });
    const [organisation] = await db.select().from(schema.organisations).where(eq(schema.organisations.id, result.organisationId));
    expect(organisation?.name).toBe("Ada's organisation");
    const members = await db.select().from(schema.memberships).where(eq(schema.memberships.organisationId, result.organisationId));
    expect(members).toEqual([expect.objectContaining({ userId: result.user.id, role: "owner" })]);
    const [stored] = await db.select().from(schema.users).where(eq(schema.users.id, result.user.id));
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a second account for the same email, whatever its case, and leaves no orphan organisation", async () => {
    const { db } = database();
    const before = (await db.select().from(schema.organisations)).length;
    const input = signUpSchema.parse({ name: "Someone", email: "ADA@example.com", password: "another password" });
    expect(await registerUser(input, db)).toEqual({ ok: false, reason: "email_taken" });
    expect((await db.select().from(schema.organisations)).length).toBe(before);
  });

  it("verifies credentials with the stored argon2 hash", async () => {
    const { db } = database();
    expect(await verifyCredentials({ email: "ADA@example.com", password: "analytical engine" }, db)).toMatchObject({ email: "ada@example.com" });
    expect(await verifyCredentials({ email: "ada@example.com", password: "difference engine" }, db)).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.com", password: "analytical engine" }, db)).toBeNull();
    expect(await verifyCredentials({ email: "not an email", password: "x" }, db)).toBeNull();
    expect(await verifyCredentials(undefined, db)).toBeNull();
  });
});

it("validates sign-up fields with messages a person can act on", () => {
  const result = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
  expect(result.success).toBe(false);
  const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
  expect(messages).toEqual({
    name: "Enter your name",
    email: "Enter a valid email address",
    password: "Password must be at least 8 characters",
  });
});
