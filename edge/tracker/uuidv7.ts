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
 * The random bits are a random UUID's: the File API makes every blob URL end
 * in one (`blob:<origin>/<UUIDv4>`), on plain http too, where
 * `crypto.randomUUID` is missing. Its last 21 characters are 3 random digits,
 * the variant digit and 2 random bits, and 15 random digits: exactly what
 * follows a UUIDv7's version digit. The far shorter code is what pays for the
 * tracker's link clicks within the budget. The URL is not revoked (that costs
 * bytes too): the page keeps one empty Blob per event until it unloads.
 *
 * `ms` must lie between 2^40 and 2^44 (November 2004 to the year 2527): the
 * timestamp is then 11 hex digits, and one "0" pads it to 12. A browser whose
 * clock is set earlier makes ids the collector refuses.
 */
export function uuidv7(ms: number): string {
  const time = "0" + ms.toString(16);
  return time.slice(0, 8) + "-" + time.slice(8) + "-7" + URL.createObjectURL(new Blob()).slice(-21);
}
