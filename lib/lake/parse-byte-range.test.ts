import { describe, expect, it } from "vitest";
import { parseByteRange } from "./parse-byte-range";

describe("parseByteRange of a 100-byte file", () => {
  it.each([
    ["bytes=0-9", { kind: "part", start: 0, end: 9 }],
    ["bytes=90-", { kind: "part", start: 90, end: 99 }],
    ["bytes=-10", { kind: "part", start: 90, end: 99 }],
    ["bytes=-500", { kind: "part", start: 0, end: 99 }],
    ["bytes=95-200", { kind: "part", start: 95, end: 99 }],
    ["Bytes = 5 - 5", { kind: "part", start: 5, end: 5 }],
    ["bytes=100-", { kind: "unsatisfiable" }],
    ["bytes=100-200", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    // Ignored, so the whole file is sent: no Range, other units, bad syntax, several ranges.
    [null, { kind: "whole" }],
    ["items=0-9", { kind: "whole" }],
    ["bytes=9-0", { kind: "whole" }],
    ["bytes=-", { kind: "whole" }],
    ["bytes=a-b", { kind: "whole" }],
    ["bytes=0-1,5-6", { kind: "whole" }],
  ] as const)("%s -> %j", (header, expected) => {
    expect(parseByteRange(header, 100)).toEqual(expected);
  });

  it("finds nothing satisfiable in an empty file", () => {
    expect(parseByteRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-1", 0)).toEqual({ kind: "unsatisfiable" });
  });
});
