/** A named benchmark: `npm run bench -- <name>` runs it and writes .bench/<name>.json. */
export interface BenchSuite {
  name: string;
  description: string;
  params: Record<string, number | string>;
  /** Returns the measured metrics; units belong in the metric names (`_ms`, `_per_s`, `_bytes`). */
  run(params: Record<string, number | string>): Promise<Record<string, number>>;
}

/** Percentile of already-sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
