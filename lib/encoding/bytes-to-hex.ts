/** Lower-case hex of bytes (salts, tokens, visitor ids). Edge-safe. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
