import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { changePassword } from "./change-password";
import { changePasswordSchema, signUpSchema } from "./input-schemas";
import { registerUser } from "./register-user";
import { findSessionUser, revokeSessions } from "./session-user";
import { verifyCredentials } from "./verify-credentials";

describeEachDatabase("which sessions still count", (database) => {
  const signUp = async (email: string, password = "first password") => {
    const result = await registerUser(signUpSchema.parse({ name: "Ada", email, password }), database().db);
    if (!result.ok) throw new Error("sign-up failed");
    return result.user;
  };

  it("a session of an existing user counts, and reads the user's current name", async () => {
    const { db } = database();
    const user = await signUp("ada@example.com");
    expect(await findSessionUser(db, user.id, Date.now())).toEqual({ id: user.id, email: "ada@example.com", name: "Ada" });
    // Sessions from before signedInAt was recorded carry 0: they count until the first revocation.
    expect(await findSessionUser(db, user.id, 0)).not.toBeNull();
    await db.update(schema.users).set({ name: "Ada Lovelace" }).where(eq(schema.users.id, user.id));
    expect((await findSessionUser(db, user.id, Date.now()))?.name).toBe("Ada Lovelace");
  });

  it("signing out everywhere ends the sessions signed in before it, not those signed in after", async () => {
    const { db } = database();
    const user = await signUp("grace@example.com");
    const earlier = Date.now() - 60_000;
    const revokedAt = new Date();
    await revokeSessions(db, user.id, revokedAt);
    expect(await findSessionUser(db, user.id, earlier)).toBeNull();
    expect(await findSessionUser(db, user.id, 0)).toBeNull();
    expect(await findSessionUser(db, user.id, revokedAt.getTime() - 1)).toBeNull();
    expect(await findSessionUser(db, user.id, revokedAt.getTime())).not.toBeNull();
    expect(await findSessionUser(db, user.id, revokedAt.getTime() + 5_000)).not.toBeNull();
  });

  it("a session of a user who no longer exists, and a made-up id, are nobody", async () => {
    const { db } = database();
    // A deleted user's id: deleting a real one is refused today by audit_log's append-only trigger, which
    // fires on the ON DELETE SET NULL of audit_log.actor_id even when no entry names the user.
    expect(await findSessionUser(db, randomUUID(), Date.now())).toBeNull();
    expect(await findSessionUser(db, "not-a-uuid", Date.now())).toBeNull();
  });

  it("changing the password needs the current one, then ends every older session", async () => {
    const { db } = database();
    const user = await signUp("hedy@example.com");
    const otherDevice = Date.now() - 1_000;
    const input = (currentPassword: string) =>
      changePasswordSchema.parse({ currentPassword, newPassword: "second password", confirmPassword: "second password" });

    expect(await changePassword(db, user.id, input("wrong password"))).toEqual({ ok: false, reason: "wrong_password" });
    expect(await findSessionUser(db, user.id, otherDevice)).not.toBeNull();
    expect(await verifyCredentials({ email: "hedy@example.com", password: "first password" }, db)).not.toBeNull();

    const result = await changePassword(db, user.id, input("first password"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await findSessionUser(db, user.id, otherDevice)).toBeNull();
    // The browser that changed it signs in again (the action does), stamped no earlier than the change.
    expect(await findSessionUser(db, user.id, result.changedAt.getTime())).not.toBeNull();
    expect(await verifyCredentials({ email: "hedy@example.com", password: "first password" }, db)).toBeNull();
    expect(await verifyCredentials({ email: "hedy@example.com", password: "second password" }, db)).toMatchObject({ id: user.id });
  });

  it("an account without a password has none to change, and cannot sign in with one", async () => {
    const { db } = database();
    const [user] = await db.insert(schema.users).values({ email: "linked@example.com", name: "Linked", passwordHash: null }).returning();
    const input = changePasswordSchema.parse({ currentPassword: "anything", newPassword: "a new password", confirmPassword: "a new password" });
    expect(await changePassword(db, user!.id, input)).toEqual({ ok: false, reason: "no_password" });
    expect(await verifyCredentials({ email: "linked@example.com", password: "anything" }, db)).toBeNull();
  });
});

it("the new password follows the sign-up rules and must be typed twice alike", () => {
  const messages = (values: Record<string, string>) => {
    const result = changePasswordSchema.safeParse(values);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path[0], issue.message]));
  };
  expect(messages({ currentPassword: "", newPassword: "short", confirmPassword: "short" })).toEqual({
    currentPassword: "Enter your current password",
    newPassword: "Password must be at least 8 characters",
  });
  expect(messages({ currentPassword: "old one", newPassword: "long enough", confirmPassword: "long enougH" })).toEqual({
    confirmPassword: "The two new passwords differ",
  });
});
