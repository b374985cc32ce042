/**
 * Makes a UUIDv7 (RFC 9562) for the time `ms`: 48-bit Unix-ms timestamp, version 7, variant 10,
 * 74 random bits from crypto.getRandomValues.
 *
 * Why in the browser: an event keeps its id across retries and reloads, so the
 * collector stores it once however often it arrives; the time prefix keeps the
 * log's id index in roughly insertion order. Hand-written rather than the
 * `uuidv7` package because it ships inside the 1 KB tracker; ids made within
 * one millisecond are not ordered among themselves (RFC 9562 allows that).
 */
export function uuidv7(ms: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Big-endian timestamp into bytes 0-5. A Uint8Array stores a number
  // truncated modulo 256, so dividing by 256 shifts right without the 32-bit
  // overflow that `>>` would hit on a 48-bit value.
  for (let i = 6; i--; ms /= 256) bytes[i] = ms;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (byte) => (byte + 256).toString(16).slice(1)).join("");
  return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}
