/**
 * Makes a UUIDv7 (RFC 9562) for the time `ms`: 48-bit Unix-ms timestamp,
 * version 7, variant 10, 74 random bits.
 *
 * Why in the browser: an event keeps its id across retries and reloads, so the
 * collector stores it once however often it arrives; the time prefix keeps the
 * log's id index in roughly insertion order. Hand-written rather than the
 * `uuidv7` package because it ships inside the 1 KB tracker; ids made within
 * one millisecond are not ordered among themselves (RFC 9562 allows that).
 *
 * The random bits come from crypto.getRandomValues, which (unlike
 * crypto.randomUUID) plain http pages have too: each "0" of the template
 * becomes a random hex digit, and the "8" a variant digit (8, 9, a or b).
 *
 * `ms` must lie between 2^40 and 2^44 (November 2004 to the year 2527): the
 * timestamp is then 11 hex digits, and one "0" pads it to 12. A browser whose
 * clock is set earlier makes ids the collector refuses.
 */
export function uuidv7(ms: number): string {
  const time = "0" + ms.toString(16);
  return (
    time.slice(0, 8) +
    "-" +
    time.slice(8) +
    "-7000-8000-000000000000".replace(/[08]/g, (digit) =>
      // "0": any of 16 values; "8": 8 xor two random bits.
      (+digit ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+digit / 4)))).toString(16),
    )
  );
}
