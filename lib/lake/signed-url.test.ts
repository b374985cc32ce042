import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signLakeUrl, verifyLakeUrl } from "./signed-url";

const SECRET = "a-secret-for-the-signed-url-tests-0123456789";
const KEY = "site=11111111-1111-1111-1111-111111111111/date=2026-03-01/events-0.parquet";
const NOW = Date.UTC(2026, 2, 2);
const IN_AN_HOUR = NOW / 1000 + 3600;

const partsOf = (url: string) => {
  const parsed = new URL(url, "http://localhost");
  return { key: parsed.pathname.slice("/api/lake/".length), expires: parsed.searchParams.get("expires"), sig: parsed.searchParams.get("sig") };
};

describe("signed lake URLs", () => {
  it("are relative, carry the key unescaped, and verify until they expire", () => {
    const url = signLakeUrl(SECRET, KEY, IN_AN_HOUR);
    expect(url).toMatch(new RegExp(`^/api/lake/${KEY}\\?expires=${IN_AN_HOUR}&sig=[A-Za-z0-9_-]{43}$`));
    const { key, expires, sig } = partsOf(url);
    expect(key).toBe(KEY);
    expect(verifyLakeUrl(SECRET, key, expires, sig, NOW)).toEqual({ ok: true, expires: IN_AN_HOUR });
    expect(verifyLakeUrl(SECRET, key, expires, sig, IN_AN_HOUR * 1000 - 1)).toEqual({ ok: true, expires: IN_AN_HOUR });
    expect(verifyLakeUrl(SECRET, key, expires, sig, IN_AN_HOUR * 1000)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse a changed key, expiry or signature, and another secret's signature", () => {
    const { key, expires, sig } = partsOf(signLakeUrl(SECRET, KEY, IN_AN_HOUR));
    const otherKey = KEY.replace("events-0", "events-1");
    expect(verifyLakeUrl(SECRET, otherKey, expires, sig, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyLakeUrl(SECRET, key, String(IN_AN_HOUR + 1), sig, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyLakeUrl(SECRET, key, `0${expires}`, sig, NOW)).toEqual({ ok: false, reason: "invalid" });
    const flipped = sig!.slice(0, -1) + (sig!.endsWith("A") ? "B" : "A");
    for (const bad of [flipped, sig!.slice(1), `${sig}A`, "", "x"]) {
      expect(verifyLakeUrl(SECRET, key, expires, bad, NOW).ok, bad).toBe(false);
    }
    expect(verifyLakeUrl(`${SECRET}x`, key, expires, sig, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("use a key derived for lake URLs, not AUTH_SECRET itself", () => {
    const { key, expires } = partsOf(signLakeUrl(SECRET, KEY, IN_AN_HOUR));
    const withRawSecret = createHmac("sha256", SECRET).update(`${expires}\n${key}`).digest("base64url");
    expect(verifyLakeUrl(SECRET, key, expires, withRawSecret, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("name a missing parameter, and call an expired but genuine URL expired only after checking the MAC", () => {
    expect(verifyLakeUrl(SECRET, KEY, null, "abc", NOW)).toEqual({ ok: false, reason: "missing" });
    expect(verifyLakeUrl(SECRET, KEY, String(IN_AN_HOUR), null, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(verifyLakeUrl(SECRET, KEY, "soon", "abc", NOW)).toEqual({ ok: false, reason: "invalid" });
    const past = NOW / 1000 - 1;
    const { expires, sig } = partsOf(signLakeUrl(SECRET, KEY, past));
    expect(verifyLakeUrl(SECRET, KEY, expires, sig, NOW)).toEqual({ ok: false, reason: "expired" });
    expect(verifyLakeUrl(SECRET, KEY, expires, `${sig!.slice(0, -2)}AA`, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("are never minted for a key outside the rules", () => {
    for (const key of ["../auth-secret", "/etc/passwd", "a/../../b", "a//b", ".hidden", "a b", ""]) {
      expect(() => signLakeUrl(SECRET, key, IN_AN_HOUR), key).toThrow(/Not a lake key/);
    }
  });
});
