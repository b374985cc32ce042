import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@/lib/db";
import { describeEachDatabase } from "@/lib/testing/databases";
import { inletAdapter, nameForNewUser } from "./adapter";

describeEachDatabase("the Auth.js adapter over our tables", (database) => {
  const adapter = () => inletAdapter(async () => database().db);
  const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it("creates a provider's new user with an organisation they own and no password", async () => {
    const { db } = database();
    const user = await adapter().createUser!({ id: "ignored", email: "Octo@Example.com", name: "Octo Cat", emailVerified: null });
    expect(user).toMatchObject({ email: "octo@example.com", name: "Octo Cat" });
    const [stored] = await db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(stored?.passwordHash).toBeNull();
    const members = await db.select().from(schema.memberships).where(eq(schema.memberships.userId, user.id));
    expect(members).toEqual([expect.objectContaining({ role: "owner" })]);
    const [organisation] = await db.select().from(schema.organisations).where(eq(schema.organisations.id, members[0]!.organisationId));
    expect(organisation?.name).toBe("Octo Cat's organisation");
  });

  it("finds users by email whatever its case, and signs a second creation for the same email into the first", async () => {
    expect((await adapter().getUserByEmail!("OCTO@example.com"))?.name).toBe("Octo Cat");
    expect(await adapter().getUserByEmail!("nobody@example.com")).toBeNull();
    const again = await adapter().createUser!({ id: "x", email: "octo@example.com", name: "Other", emailVerified: null });
    expect(again.name).toBe("Octo Cat");
  });

  it("links a provider account once and finds the user by it", async () => {
    const user = (await adapter().getUserByEmail!("octo@example.com"))!;
    const account = { userId: user.id, type: "oauth" as const, provider: "github", providerAccountId: "583231", access_token: "gho_secret" };
    await adapter().linkAccount!(account);
    await adapter().linkAccount!(account);
    expect((await adapter().getUserByAccount!({ provider: "github", providerAccountId: "583231" }))?.id).toBe(user.id);
    expect(await adapter().getUserByAccount!({ provider: "google", providerAccountId: "583231" })).toBeNull();
    // No provider token is kept.
    const rows = await database().db.select().from(schema.oauthAccounts);
    expect(JSON.stringify(rows)).not.toContain("gho_secret");
  });

  it("never links by the browser's session: getUser answers null", async () => {
    const user = (await adapter().getUserByEmail!("octo@example.com"))!;
    expect(await adapter().getUser!(user.id)).toBeNull();
  });

  it("uses a sign-in link's token once", async () => {
    const token = { identifier: "ada@example.com", token: "hash-1", expires: minutesFromNow(30) };
    expect(await adapter().createVerificationToken!(token)).toEqual(token);
    expect(await adapter().useVerificationToken!({ identifier: "someone@example.com", token: "hash-1" })).toBeNull();
    expect(await adapter().useVerificationToken!({ identifier: "ada@example.com", token: "hash-1" })).toEqual(token);
    expect(await adapter().useVerificationToken!({ identifier: "ada@example.com", token: "hash-1" })).toBeNull();
  });

  it("lets only one of two simultaneous uses of a token through", async () => {
    await adapter().createVerificationToken!({ identifier: "ada@example.com", token: "hash-2", expires: minutesFromNow(30) });
    const uses = await Promise.all([1, 2, 3].map(() => adapter().useVerificationToken!({ identifier: "ada@example.com", token: "hash-2" })));
    expect(uses.filter(Boolean)).toHaveLength(1);
  });

  it("refuses an expired token and clears expired ones away", async () => {
    const { db } = database();
    await adapter().createVerificationToken!({ identifier: "ada@example.com", token: "hash-old", expires: minutesFromNow(-1) });
    expect(await adapter().useVerificationToken!({ identifier: "ada@example.com", token: "hash-old" })).toBeNull();
    await adapter().createVerificationToken!({ identifier: "ada@example.com", token: "hash-stale", expires: minutesFromNow(-1) });
    await adapter().createVerificationToken!({ identifier: "ada@example.com", token: "hash-3", expires: minutesFromNow(30) });
    const left = await db.select({ tokenHash: schema.verificationTokens.tokenHash }).from(schema.verificationTokens);
    expect(left.map((row) => row.tokenHash)).toEqual(["hash-3"]);
  });
});

it("names a provider's user by their name there, else by their email", () => {
  expect(nameForNewUser("  Grace Hopper ", "grace@example.com")).toBe("Grace Hopper");
  expect(nameForNewUser(null, "grace.hopper@example.com")).toBe("grace.hopper");
  expect(nameForNewUser("", "g@example.com")).toBe("g");
  expect(nameForNewUser("x".repeat(300), "g@example.com")).toHaveLength(100);
});
