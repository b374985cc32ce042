import { describe, expect, it } from "vitest";
import { normaliseDomain, siteInputSchema, siteSettingsSchema, timeZones } from "./site-input";

describe("normaliseDomain", () => {
  it.each([
    ["Example.COM", "example.com"],
    ["  shop.example.com  ", "shop.example.com"],
    ["https://www.example.com/pricing?x=1", "www.example.com"],
    ["*.Example.com", "*.example.com"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["example.com.", "example.com"],
    ["localhost", "localhost"],
  ])("accepts %j as %j", (entry, expected) => {
    expect(normaliseDomain(entry)).toBe(expected);
  });

  it.each(["", "example", "-bad.com", "bad-.com", "exa mple.com", "example.com:8080", "user@example.com", "*.", "a..b.com", `${"a".repeat(64)}.com`, "*.127.0.0.1"])(
    "refuses %j",
    (entry) => {
      expect(normaliseDomain(entry)).toBeNull();
    },
  );
});

describe("siteInputSchema", () => {
  it("splits domains on commas and spaces, lower-cases and de-duplicates them", () => {
    const parsed = siteInputSchema.parse({ name: " Blog ", domains: "Blog.example.com, blog.example.com  www.example.com,", timeZone: "Europe/Berlin" });
    expect(parsed).toEqual({ name: "Blog", domains: ["blog.example.com", "www.example.com"], timeZone: "Europe/Berlin" });
  });

  it("names each bad field", () => {
    const result = siteInputSchema.safeParse({ name: "", domains: "example.com not_a_domain!", timeZone: "Mars/Olympus_Mons" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path[0]);
    expect(fields.sort()).toEqual(["domains", "name", "timeZone"]);
    expect(result.error!.issues.find((issue) => issue.path[0] === "domains")!.message).toContain("not_a_domain!");
  });

  it("requires a domain and caps the name at 100 characters", () => {
    expect(siteInputSchema.safeParse({ name: "x".repeat(100), domains: "a.io", timeZone: "UTC" }).success).toBe(true);
    expect(siteInputSchema.safeParse({ name: "x".repeat(101), domains: "a.io", timeZone: "UTC" }).success).toBe(false);
    expect(siteInputSchema.safeParse({ name: "x", domains: " , ", timeZone: "UTC" }).success).toBe(false);
  });

  it("offers UTC first and every IANA zone of the runtime", () => {
    expect(timeZones()[0]).toBe("UTC");
    expect(timeZones()).toContain("America/New_York");
    expect(new Set(timeZones()).size).toBe(timeZones().length);
  });
});

describe("siteSettingsSchema", () => {
  const settings = (hotRetentionDays: string) => ({ name: "Blog", domains: "example.com", timeZone: "UTC", hotRetentionDays });
  const errorOf = (hotRetentionDays: string) =>
    siteSettingsSchema.safeParse(settings(hotRetentionDays)).error?.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);

  it("takes the create form's fields and the hot retention, 7 to 3650 whole days", () => {
    expect(siteSettingsSchema.parse(settings(" 7 "))).toEqual({ name: "Blog", domains: ["example.com"], timeZone: "UTC", hotRetentionDays: 7 });
    expect(siteSettingsSchema.parse(settings("3650")).hotRetentionDays).toBe(3650);
  });

  it.each(["6", "0", "3651", "99999999999999999999"])("refuses %j days as out of range", (days) => {
    expect(errorOf(days)).toEqual(["hotRetentionDays: Keep raw events for 7 to 3650 days"]);
  });

  it.each(["", "-7", "30.5", "1e3", "ninety"])("refuses %j as not a whole number of days", (days) => {
    expect(errorOf(days)).toEqual(["hotRetentionDays: Enter a whole number of days. Keep raw events for 7 to 3650 days."]);
  });
});
