/** What a request's Range header asks of a file of `size` bytes. */
export type ByteRange =
  /** No Range, or one this server ignores (another unit, several ranges, bad syntax): send it all. */
  | { kind: "whole" }
  /** Bytes `start` to `end`, both inclusive, clamped to the file. */
  | { kind: "part"; start: number; end: number }
  /** A well-formed range that misses the file entirely: 416. */
  | { kind: "unsatisfiable" };

/**
 * A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range (RFC 9110 §14.1.2).
 * Several ranges would need a multipart answer, which no reader of Parquet
 * asks for; RFC 9110 lets a server ignore Range, so those get the whole file.
 */
export function parseByteRange(header: string | null, size: number): ByteRange {
  if (header === null) return { kind: "whole" };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: "whole" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "part", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
