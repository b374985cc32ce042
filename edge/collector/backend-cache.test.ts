import { describe, expect, it } from "vitest";
import { API_KEY_TTL_MS, BackendCache } from "./backend-cache";
import type { CollectorBackend } from "./collector-backend";

function countingBackend() {
  const calls = { findSite: 0, findApiKey: 0, dailySalt: 0 };
  let failSalt = false;
  const backend: CollectorBackend = {
    findSite: async (key) => {
      calls.findSite++;
      return key === "pk_known" ? { id: "site", organisationId: "org", allowedDomains: [], timeZone: "UTC" } : null;
    },
    findApiKey: async (hash) => {
      calls.findApiKey++;
      return hash === "ingest" || hash === "read" ? { id: hash, organisationId: "org", scope: hash, revoked: false } : null;
    },
    dailySalt: async (day) => {
      calls.dailySalt++;
      if (failSalt) throw new Error("database down");
      return `salt-${day}`;
    },
    append: async () => {},
    quarantine: async () => {},
  };
  return { backend, calls, failSaltOnce: () => (failSalt = true), recover: () => (failSalt = false) };
}

describe("BackendCache", () => {
  it("asks for a site once per 30 s, unknown keys included", async () => {
    let now = 0;
    const cache = new BackendCache(() => now);
    const { backend, calls } = countingBackend();
    for (let i = 0; i < 5; i++) {
      expect(await cache.findSite(backend, "pk_known")).toMatchObject({ id: "site" });
      expect(await cache.findSite(backend, "pk_unknown")).toBeNull();
    }
    expect(calls.findSite).toBe(2);
    now = 30_001;
    await cache.findSite(backend, "pk_known");
    expect(calls.findSite).toBe(3);
  });

  it("asks for an API key once per 30 s, unknown keys included, and knows a live ingest key without asking", async () => {
    let now = 0;
    const cache = new BackendCache(() => now);
    const { backend, calls } = countingBackend();
    expect(cache.knowsLiveIngestKey("ingest")).toBe(false);
    for (let i = 0; i < 5; i++) {
      expect(await cache.findApiKey(backend, "ingest")).toMatchObject({ scope: "ingest" });
      expect(await cache.findApiKey(backend, "read")).toMatchObject({ scope: "read" });
      expect(await cache.findApiKey(backend, "unknown")).toBeNull();
    }
    expect(calls.findApiKey).toBe(3);
    expect([cache.knowsLiveIngestKey("ingest"), cache.knowsLiveIngestKey("read"), cache.knowsLiveIngestKey("unknown")]).toEqual([true, false, false]);
    // Past the TTL a revoked key must be asked for again: it is not known any more.
    now = API_KEY_TTL_MS + 1;
    expect(cache.knowsLiveIngestKey("ingest")).toBe(false);
    await cache.findApiKey(backend, "ingest");
    expect(calls.findApiKey).toBe(4);
  });

  it("keeps the salts of the last four days asked for, and forgets a failed lookup", async () => {
    const cache = new BackendCache();
    const { backend, calls, failSaltOnce, recover } = countingBackend();
    expect(await cache.dailySalt(backend, "2026-11-20")).toBe("salt-2026-11-20");
    expect(await cache.dailySalt(backend, "2026-11-21")).toBe("salt-2026-11-21");
    await cache.dailySalt(backend, "2026-11-20");
    await cache.dailySalt(backend, "2026-11-21");
    expect(calls.dailySalt).toBe(2);
    failSaltOnce();
    await expect(cache.dailySalt(backend, "2026-11-22")).rejects.toThrow("database down");
    recover();
    expect(await cache.dailySalt(backend, "2026-11-22")).toBe("salt-2026-11-22");
    expect(calls.dailySalt).toBe(4);
    await cache.dailySalt(backend, "2026-11-19");
    await cache.dailySalt(backend, "2026-11-23"); // the fifth: 2026-11-20, asked for first, goes
    for (const day of ["2026-11-19", "2026-11-21", "2026-11-22", "2026-11-23"]) await cache.dailySalt(backend, day);
    expect(calls.dailySalt).toBe(6);
    await cache.dailySalt(backend, "2026-11-20");
    expect(calls.dailySalt).toBe(7);
  });
});
