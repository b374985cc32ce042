/**
 * Arrow results (what DuckDB-WASM answers) as plain JSON values and DuckDB
 * type names, so callers never meet BigInt, Arrow vectors or 128-bit decimal
 * words. Typed against a structural view of apache-arrow's DataType so this
 * module loads without the Arrow library.
 *
 * Conversions: 64-bit integers and decimals become numbers when that is
 * exact, else decimal strings; timestamps ISO strings (with `Z` only for
 * TIMESTAMPTZ, a plain TIMESTAMP has no zone); dates `YYYY-MM-DD`; times
 * `HH:MM:SS[.ffffff]`; blobs `\xAB..` hex as DuckDB prints them; lists
 * arrays; structs and maps objects.
 */

/** The parts of an apache-arrow DataType read here. */
export interface ArrowTypeLike {
  readonly typeId: number;
  readonly unit?: number;
  readonly timezone?: string | null;
  readonly scale?: number;
  readonly precision?: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly children?: readonly { readonly name: string; readonly type: ArrowTypeLike }[];
  toString(): string;
}

export interface ResultColumn {
  name: string;
  /** DuckDB's name for the type (BIGINT, VARCHAR, TIMESTAMP WITH TIME ZONE, DECIMAL(18,2), INTEGER[] …). */
  type: string;
}

// Arrow's type ids (the Type enum of the Arrow format, Schema.fbs): fixed by the format.
const ArrowType = {
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  List: 12,
  Struct: 13,
  FixedSizeList: 16,
  Map: 17,
  LargeUtf8: 20,
} as const;

// Arrow's TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND.
const MICROS_PER_UNIT = [1_000_000, 1_000, 1, 0.001] as const;

/** DuckDB's name for an Arrow type as DuckDB-WASM exports it. */
export function duckdbTypeName(type: ArrowTypeLike): string {
  switch (type.typeId) {
    case ArrowType.Int: {
      const names: Record<number, string> = { 8: "TINYINT", 16: "SMALLINT", 32: "INTEGER", 64: "BIGINT" };
      const name = names[type.bitWidth ?? 64] ?? "BIGINT";
      return type.isSigned === false ? `U${name}` : name;
    }
    case ArrowType.Float:
      return String(type) === "Float64" ? "DOUBLE" : "FLOAT";
    case ArrowType.Decimal:
      return `DECIMAL(${type.precision ?? 38},${type.scale ?? 0})`;
    case ArrowType.Utf8:
    case ArrowType.LargeUtf8:
      return "VARCHAR";
    case ArrowType.Bool:
      return "BOOLEAN";
    case ArrowType.Binary:
      return "BLOB";
    case ArrowType.Date:
      return "DATE";
    case ArrowType.Time:
      return "TIME";
    case ArrowType.Timestamp:
      return type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
    case ArrowType.Interval:
      return "INTERVAL";
    case ArrowType.List:
    case ArrowType.FixedSizeList:
      return `${duckdbTypeName(type.children?.[0]?.type ?? type)}[]`;
    case ArrowType.Struct:
      return `STRUCT(${(type.children ?? []).map((child) => `${child.name} ${duckdbTypeName(child.type)}`).join(", ")})`;
    case ArrowType.Map:
      return "MAP";
    default:
      return String(type).toUpperCase();
  }
}

/** A converter from one Arrow type's values (as apache-arrow's getters give them) to JSON values. */
export function jsonValueOf(type: ArrowTypeLike): (value: unknown) => unknown {
  const convert = converterOf(type);
  return (value) => (value === null || value === undefined ? null : convert(value));
}

function converterOf(type: ArrowTypeLike): (value: unknown) => unknown {
  switch (type.typeId) {
    case ArrowType.Int:
      return (value) => (typeof value === "bigint" ? bigintToJson(value) : value);
    case ArrowType.Decimal:
      return (value) => decimalToJson(value as Uint32Array, type.scale ?? 0);
    case ArrowType.Timestamp: {
      const zoned = Boolean(type.timezone);
      // apache-arrow answers epoch milliseconds (fractional below) whatever the unit.
      return (value) => timestampToIso(Number(value), zoned);
    }
    case ArrowType.Date:
      return (value) => (value instanceof Date ? value : new Date(Number(value))).toISOString().slice(0, 10);
    case ArrowType.Time: {
      const perUnit = MICROS_PER_UNIT[type.unit ?? 2] ?? 1;
      return (value) => timeOfDay(Number(value) * perUnit);
    }
    case ArrowType.Binary:
      return (value) => blobToHex(value as Uint8Array);
    case ArrowType.List:
    case ArrowType.FixedSizeList: {
      const child = type.children?.[0];
      const item = child ? jsonValueOf(child.type) : genericJson;
      return (value) => Array.from(value as Iterable<unknown>, item);
    }
    case ArrowType.Struct: {
      const fields = (type.children ?? []).map((child) => [child.name, jsonValueOf(child.type)] as const);
      return (value) => {
        const row = value as Record<string, unknown>;
        return Object.fromEntries(fields.map(([name, convert]) => [name, convert(row[name])]));
      };
    }
    default:
      return genericJson;
  }
}

/** For types without a rule above (intervals, maps, unions): whatever plain JSON the value has. */
function genericJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return bigintToJson(value);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (item) => genericJson(item));
  if (typeof value === "object") {
    const json = typeof (value as { toJSON?: unknown }).toJSON === "function" ? (value as { toJSON(): unknown }).toJSON() : value;
    if (json !== value) return genericJson(json);
    if (Array.isArray(value)) return value.map(genericJson);
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, genericJson(item)]));
  }
  return value;
}

export function bigintToJson(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/**
 * A 128-bit decimal (four little-endian 32-bit words, two's complement) with
 * `scale` digits after the point: a number when one represents it exactly
 * (up to 15 significant digits), else its exact decimal text. DuckDB answers
 * sum() of integers as such a decimal (HUGEINT).
 */
export function decimalToJson(words: ArrayLike<number>, scale: number): number | string {
  let unscaled = 0n;
  for (let i = words.length - 1; i >= 0; i--) unscaled = (unscaled << 32n) | BigInt(words[i]! >>> 0);
  const bits = BigInt(words.length * 32);
  if (unscaled >> (bits - 1n)) unscaled -= 1n << bits;
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(-scale).replace(/0+$/, "") : "";
  const text = `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
  const significant = (whole + fraction).replace(/^0+/, "").length;
  return significant <= 15 ? Number(text) : text;
}

function timestampToIso(epochMillis: number, zoned: boolean): string {
  const iso = new Date(Math.floor(epochMillis)).toISOString();
  return zoned ? iso : iso.slice(0, -1);
}

function timeOfDay(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = Math.round(micros - whole * 1_000_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hms = `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
  return fraction ? `${hms}.${String(fraction).padStart(6, "0")}` : hms;
}

function blobToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `\\x${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

/** Column names made unique (`a`, `a (2)`), so rows as objects keep every column. */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name} (${n})`;
    seen.add(unique);
    return unique;
  });
}

/** The parts of an apache-arrow Table or RecordBatch read here. */
export interface ArrowBatchLike {
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: ArrowTypeLike }[] };
  readonly numRows: number;
  getChildAt(index: number): { get(row: number): unknown } | null;
}

/** The columns of a result, named uniquely, with DuckDB type names. */
export function resultColumns(batch: Pick<ArrowBatchLike, "schema">): ResultColumn[] {
  const names = uniqueColumnNames(batch.schema.fields.map((field) => field.name));
  return batch.schema.fields.map((field, index) => ({ name: names[index]!, type: duckdbTypeName(field.type) }));
}

/** A batch's rows as JSON objects keyed by `columns` (from resultColumns), at most `limit` of them. */
export function batchRows(batch: ArrowBatchLike, columns: readonly ResultColumn[], limit = Infinity): Record<string, unknown>[] {
  const readers = batch.schema.fields.map((field, index) => ({ name: columns[index]!.name, vector: batch.getChildAt(index), convert: jsonValueOf(field.type) }));
  const count = Math.min(batch.numRows, limit);
  const rows: Record<string, unknown>[] = new Array(count);
  for (let row = 0; row < count; row++) {
    const out: Record<string, unknown> = {};
    for (const { name, vector, convert } of readers) out[name] = convert(vector?.get(row));
    rows[row] = out;
  }
  return rows;
}
