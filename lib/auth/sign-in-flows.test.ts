/**
 * Sign-in from request to session cookie, through Auth.js's real handlers,
 * our adapter, a real database and a real SMTP server (a sink on loopback):
 * an emailed link signs a new address into a new account with its own
 * organisation, works once, and signs an existing address into the existing
 * account; renewing a session keeps its sign-in time, so revocation sticks;
 * a password change refuses old sessions and a new sign-in counts.
 * (The server actions around these need Next's request scope: e2e/ territory.)
 */
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { schema } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { describeEachDatabase } from "@/lib/testing/databases";
import { buildAuthConfig } from "./config";
import { changePassword } from "./change-password";
import { changePasswordSchema } from "./input-schemas";
import { hashPassword } from "./password";
import { findSessionUser, revokeSessions } from "./session-user";

const SECRET = "a-secret-for-the-sign-in-link-test-0123456789";
const ORIGIN = "http://localhost:3000";

const inbox: string[] = [];
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      inbox.push(Buffer.concat(chunks).toString("utf8"));
      callback();
    });
  },
});
let smtpPort = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  smtpPort = (sink.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

/** A browser's cookie jar, just enough for Auth.js's CSRF, callback and session cookies. */
class Browser {
  private jar = new Map<string, string>();
  constructor(private readonly handlers: ReturnType<typeof NextAuth>["handlers"]) {}
  async request(method: "GET" | "POST", url: string, body?: URLSearchParams): Promise<Response> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const headers: Record<string, string> = { cookie };
    if (body) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await this.handlers[method](new NextRequest(new URL(url, ORIGIN), { method, headers, body }));
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const value = pair!.slice(at + 1);
      if (value) this.jar.set(pair!.slice(0, at), value);
      else this.jar.delete(pair!.slice(0, at));
    }
    return response;
  }
  cookie(name: string) {
    return this.jar.get(name);
  }
}

/** The sign-in URL in a raw message (its text part, quoted-printable decoded). */
function linkIn(message: string): string {
  const decoded = message.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = /http:\/\/localhost:3000\/api\/auth\/callback\/nodemailer\?[^\s"<]+/.exec(decoded);
  if (!match) throw new Error(`no sign-in link in:\n${message}`);
  return match[0];
}

describeEachDatabase("an email sign-in link, end to end", (database) => {
  const auth = () => {
    const config = parseEnv({ AUTH_SECRET: SECRET, EMAIL_SERVER: `smtp://127.0.0.1:${smtpPort}`, EMAIL_FROM: "Inlet <login@inlet.test>" });
    return NextAuth(buildAuthConfig(config, async () => database().db)).handlers;
  };

  async function requestLink(browser: Browser, email: string): Promise<string> {
    const { csrfToken } = (await (await browser.request("GET", "/api/auth/csrf")).json()) as { csrfToken: string };
    const sent = inbox.length;
    const response = await browser.request("POST", "/api/auth/signin/nodemailer", new URLSearchParams({ email, csrfToken, callbackUrl: `${ORIGIN}/sites` }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^http:\/\/localhost:3000\/api\/auth\/verify-request\?/);
    expect(inbox.length).toBe(sent + 1);
    expect(inbox.at(-1)).toMatch(new RegExp(`^To: ${email.replace(".", "\\.")}`, "mi"));
    return linkIn(inbox.at(-1)!);
  }

  async function sessionOf(browser: Browser) {
    const token = browser.cookie("authjs.session-token");
    expect(token).toBeTruthy();
    return decode({ token, secret: SECRET, salt: "authjs.session-token" });
  }

  it("creates the account at the first link, signs in, and the link works once", async () => {
    const { db } = database();
    const browser = new Browser(auth());
    const link = await requestLink(browser, "New.Person@Example.com");
    const [pending] = await db.select().from(schema.verificationTokens);
    // The table holds a hash, never the token the link carries.
    expect(link).not.toContain(pending!.tokenHash);

    const signedIn = await browser.request("GET", link);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(`${ORIGIN}/sites`);
    const [user] = await db.select().from(schema.users).where(eq(schema.users.email, "new.person@example.com"));
    expect(user).toMatchObject({ name: "new.person", passwordHash: null });
    const memberships = await db.select().from(schema.memberships).where(eq(schema.memberships.userId, user!.id));
    expect(memberships).toEqual([expect.objectContaining({ role: "owner" })]);

    const session = await sessionOf(browser);
    expect(session?.sub).toBe(user!.id);
    expect(typeof session?.signedInAt).toBe("number");
    expect(await findSessionUser(db, session!.sub!, session!.signedInAt!)).toMatchObject({ id: user!.id });

    // Renewing the cookie (Auth.js re-stamps `iat` each time) keeps the sign-in time: a revoked session cannot renew itself back.
    await revokeSessions(db, user!.id, new Date(session!.signedInAt! + 1));
    expect((await browser.request("GET", "/api/auth/session")).status).toBe(200);
    const renewed = await sessionOf(browser);
    expect(renewed?.signedInAt).toBe(session!.signedInAt);
    expect(await findSessionUser(db, renewed!.sub!, renewed!.signedInAt!)).toBeNull();

    const again = await new Browser(auth()).request("GET", link);
    expect(again.headers.get("location")).toBe(`${ORIGIN}/sign-in?error=Verification`);
    expect(await db.select().from(schema.verificationTokens)).toEqual([]);
  });

  it("signs an existing address into its existing account", async () => {
    const { db } = database();
    const [existing] = await db.insert(schema.users).values({ email: "member@example.com", name: "Member", passwordHash: "x" }).returning();
    const browser = new Browser(auth());
    await browser.request("GET", await requestLink(browser, "member@example.com"));
    expect((await sessionOf(browser))?.sub).toBe(existing!.id);
    expect(await db.select().from(schema.users).where(eq(schema.users.email, "member@example.com"))).toHaveLength(1);
  });

  it("after a password change, the old session is refused and a sign-in with the new password counts (what the action does)", async () => {
    const { db } = database();
    const [user] = await db.insert(schema.users).values({ email: "pat@example.com", name: "Pat", passwordHash: await hashPassword("old password") }).returning();
    const signInWith = async (browser: Browser, password: string) => {
      const { csrfToken } = (await (await browser.request("GET", "/api/auth/csrf")).json()) as { csrfToken: string };
      return browser.request("POST", "/api/auth/callback/credentials", new URLSearchParams({ email: "pat@example.com", password, csrfToken }));
    };
    const laptop = new Browser(auth());
    const phone = new Browser(auth());
    await signInWith(laptop, "old password");
    await signInWith(phone, "old password");
    const before = await sessionOf(phone);
    expect(await findSessionUser(db, before!.sub!, before!.signedInAt!)).toMatchObject({ id: user!.id });

    const input = changePasswordSchema.parse({ currentPassword: "old password", newPassword: "new password", confirmPassword: "new password" });
    expect((await changePassword(db, user!.id, input)).ok).toBe(true);
    expect(await findSessionUser(db, before!.sub!, before!.signedInAt!)).toBeNull();

    expect((await signInWith(laptop, "new password")).headers.get("location")).not.toContain("error");
    const laptopSession = await sessionOf(laptop);
    expect(await findSessionUser(db, laptopSession!.sub!, laptopSession!.signedInAt!)).toMatchObject({ id: user!.id });
    expect((await signInWith(new Browser(auth()), "old password")).headers.get("location")).toContain("error=CredentialsSignin");
  });
});
