import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps paths on this app", () => {
    expect(safeNextPath("/invite/inlet_invite_abc-_1")).toBe("/invite/inlet_invite_abc-_1");
    expect(safeNextPath("/sites?period=7d")).toBe("/sites?period=7d");
  });

  it("refuses anything that could leave the app", () => {
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example", "evil", "", "/a b", "/\n/evil", undefined, ["/sites"]]) {
      expect(safeNextPath(next), String(next)).toBeUndefined();
    }
  });
});
