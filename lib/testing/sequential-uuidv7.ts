let counter = 0;

/**
 * A valid UUIDv7 for time `ms` whose random bits are a process-wide counter:
 * unique within a test or benchmark run and readable when it fails.
 */
export function sequentialUuidv7(ms: number): string {
  const hex = ms.toString(16).padStart(12, "0") + "7" + (counter++).toString(16).padStart(19, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
