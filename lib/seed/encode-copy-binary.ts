import { writtenEventColumns } from "@/lib/db/schema";
import type { SeedEvent } from "./generate-traffic";

/**
 * Event rows in PostgreSQL's binary COPY format. Binary rather than text
 * because it measured twice as fast on both ends: PGlite spent more time
 * parsing timestamps, UUIDs and JSON out of text than inserting, and building
 * text lines out of millions of small strings cost more than generating them.
 */

/** Starts every binary COPY stream: signature, flags, header extension length. */
export const COPY_BINARY_HEADER = Buffer.from([
  ...Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"),
  ...[0, 0, 0, 0], // flags
  ...[0, 0, 0, 0], // no header extension
]);
/** Ends it: a tuple with field count -1. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

type Encode = (out: Output, value: unknown) => void;

/** Every column writers supply, in table order, with its encoder. */
const COLUMNS = writtenEventColumns().map(([key, column]) => ({ key, name: column.name, encode: encoderFor(column.getSQLType(), column.name) }));

/** The column list the chunks are encoded for, ready for `COPY events (...)`. */
export const COPY_COLUMNS = COLUMNS.map((column) => `"${column.name}"`).join(", ");

/**
 * The tuples of `rows`, about `chunkBytes` at a time (a row never splits).
 * Header and trailer are left to the caller: a stream needs them once, a
 * series of COPY statements once per statement.
 */
export function* copyBinaryChunks(rows: Iterable<SeedEvent>, chunkBytes: number): Generator<{ bytes: Buffer<ArrayBuffer>; rows: number }> {
  let out = new Output(chunkBytes + 64 * 1024);
  let count = 0;
  for (const row of rows) {
    out.int16(COLUMNS.length);
    for (const column of COLUMNS) column.encode(out, row[column.key]);
    count++;
    if (out.length >= chunkBytes) {
      yield { bytes: out.bytes(), rows: count };
      out = new Output(chunkBytes + 64 * 1024);
      count = 0;
    }
  }
  if (count > 0) yield { bytes: out.bytes(), rows: count };
}

/** A growable byte buffer with the few writes binary COPY needs. */
class Output {
  private buffer: Buffer<ArrayBuffer>;
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  bytes(): Buffer<ArrayBuffer> {
    return this.buffer.subarray(0, this.length);
  }

  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  int16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeInt16BE(value, this.length);
  }

  int32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeInt32BE(value, this.length);
  }

  uint32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeUInt32BE(value, this.length);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** A length-prefixed UTF-8 string, after `prefix` (jsonb's version byte). */
  text(value: string, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1;
    this.reserve(4 + extra + value.length * 3);
    const buffer = this.buffer;
    const start = this.length + 4;
    let at = start;
    if (prefix !== undefined) buffer[at++] = prefix;
    // Most values are short ASCII: copying char codes beats a native call per field.
    const body = at;
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      if (code > 0x7f) {
        at = body + buffer.write(value, body, "utf8");
        break;
      }
      buffer[at++] = code;
    }
    buffer.writeInt32BE(at - start, this.length);
    this.length = at;
  }
}

const NULL_LENGTH = -1;
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(digit)] = digit;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(digit)] = digit;
}

function encoderFor(sqlType: string, column: string): Encode {
  const nullable = (encode: Encode): Encode => (out, value) => (value === null || value === undefined ? out.int32(NULL_LENGTH) : encode(out, value));
  switch (sqlType) {
    case "text":
      return nullable((out, value) => out.text(String(value)));
    case "uuid":
      return nullable((out, value) => encodeUuid(out, String(value)));
    case "timestamp with time zone":
      return nullable((out, value) => encodeTimestamp(out, value as Date));
    case "integer":
      return nullable((out, value) => {
        out.int32(4);
        out.int32(value as number);
      });
    case "smallint":
      return nullable((out, value) => {
        out.int32(2);
        out.int16(value as number);
      });
    case "jsonb":
      return nullable((out, value) => out.text(JSON.stringify(value), 1)); // jsonb's binary form: version 1, then the text
    default:
      throw new Error(`events.${column}: no binary COPY encoder for ${sqlType}; add one in encode-copy-binary.ts`);
  }
}

function encodeUuid(out: Output, value: string): void {
  if (value.length !== 36) throw new RangeError(`not a UUID: "${value}"`);
  out.int32(16);
  for (let index = 0; index < 36; index++) {
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (value.charCodeAt(index) !== 0x2d) throw new RangeError(`not a UUID: "${value}"`);
      continue;
    }
    const high = HEX_VALUE[value.charCodeAt(index)] ?? -1;
    const low = HEX_VALUE[value.charCodeAt(++index)] ?? -1;
    if (high < 0 || low < 0) throw new RangeError(`not a UUID: "${value}"`);
    out.byte((high << 4) | low);
  }
}

/** timestamptz travels as signed 64-bit microseconds since 2000-01-01 UTC. */
function encodeTimestamp(out: Output, value: Date): void {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid date");
  const micros = (ms - POSTGRES_EPOCH_MS) * 1000; // well inside 2^53 for any Date
  const high = Math.floor(micros / 0x100000000);
  out.int32(8);
  out.int32(high);
  out.uint32(micros - high * 0x100000000);
}
