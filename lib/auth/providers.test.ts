import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { authProviders, githubVerifiedPrimaryEmail, hasVerifiedEmail } from "./providers";
import { signInMethods } from "./sign-in-methods";

const GITHUB = { AUTH_GITHUB_ID: "Iv1.abc", AUTH_GITHUB_SECRET: "github-secret" };
const GOOGLE = { AUTH_GOOGLE_ID: "123.apps.googleusercontent.com", AUTH_GOOGLE_SECRET: "google-secret" };
const EMAIL = { EMAIL_SERVER: "smtp://127.0.0.1:2525", EMAIL_FROM: "Inlet <login@inlet.test>" };

const noDatabase = () => Promise.reject(new Error("no database in this test"));
const providerIds = (vars: Record<string, string>) =>
  authProviders(parseEnv(vars), noDatabase).map((provider) => (typeof provider === "function" ? provider() : provider).id);

describe("the providers a configuration gets", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ["nothing configured", {}, ["credentials"]],
    ["GitHub", GITHUB, ["credentials", "github"]],
    ["Google", GOOGLE, ["credentials", "google"]],
    ["email links", EMAIL, ["credentials", "nodemailer"]],
    ["everything", { ...GITHUB, ...GOOGLE, ...EMAIL }, ["credentials", "github", "google", "nodemailer"]],
    ["empty values", { AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: "", EMAIL_SERVER: "", EMAIL_FROM: "" }, ["credentials"]],
  ];
  it.each(cases)("%s", (_label, vars, ids) => {
    expect(providerIds(vars)).toEqual(ids);
    const methods = signInMethods(parseEnv(vars));
    expect(methods).toEqual({ github: ids.includes("github"), google: ids.includes("google"), email: ids.includes("nodemailer") });
  });

  it("hands each provider its own credentials from the environment", () => {
    const providers = authProviders(parseEnv({ ...GITHUB, ...EMAIL }), noDatabase).map((provider) => (typeof provider === "function" ? provider() : provider));
    const github = providers.find((provider) => provider.id === "github") as { options?: { clientId?: string; clientSecret?: string } };
    expect(github.options).toMatchObject({ clientId: "Iv1.abc", clientSecret: "github-secret" });
    const email = providers.find((provider) => provider.id === "nodemailer") as { options?: { server?: string; from?: string; maxAge?: number } };
    expect(email.options).toMatchObject({ server: "smtp://127.0.0.1:2525", from: "Inlet <login@inlet.test>", maxAge: 1800 });
  });
});

describe("only emails a provider verified sign anyone in", () => {
  it("Google: only with email_verified", () => {
    expect(hasVerifiedEmail({ provider: "google" }, { email: "ada@example.com", email_verified: true })).toBe(true);
    expect(hasVerifiedEmail({ provider: "google" }, { email: "ada@example.com", email_verified: false })).toBe(false);
    expect(hasVerifiedEmail({ provider: "google" }, { email: "ada@example.com" })).toBe(false);
  });

  it("GitHub: only its verified primary address", () => {
    expect(
      githubVerifiedPrimaryEmail([
        { email: "old@example.com", primary: false, verified: true },
        { email: "ada@example.com", primary: true, verified: true },
      ]),
    ).toBe("ada@example.com");
    expect(githubVerifiedPrimaryEmail([{ email: "victim@example.com", primary: true, verified: false }])).toBeNull();
    expect(githubVerifiedPrimaryEmail({ message: "Requires authentication" })).toBeNull();
    expect(hasVerifiedEmail({ provider: "github" }, { email: null })).toBe(false);
    expect(hasVerifiedEmail({ provider: "github" }, { email: "ada@example.com" })).toBe(true);
  });

  it("email links and passwords prove the address themselves", () => {
    expect(hasVerifiedEmail({ provider: "nodemailer" }, undefined)).toBe(true);
    expect(hasVerifiedEmail({ provider: "credentials" }, undefined)).toBe(true);
  });
});
