import { generateTraffic } from "@/lib/seed/generate-traffic";
import type { LakeEvent } from "../parquet-schema";

/**
 * `count` realistic events of one site as the lake stores them, from the demo
 * traffic generator (the same options give the same events). `seq` numbers
 * them in time order; `received_at` gets microsecond digits, as the
 * log's own `now()` gives it.
 */
export function generateLakeEvents(options: { siteId: string; count: number; days: number; end: Date; seed: number; timeZone?: string }): LakeEvent[] {
  const rows: LakeEvent[] = [];
  for (const event of generateTraffic({ siteId: options.siteId, events: options.count, days: options.days, end: options.end, seed: options.seed, timeZone: options.timeZone ?? "UTC" })) {
    const ts = BigInt(event.ts.getTime()) * 1000n;
    const seq = rows.length + 1;
    rows.push({
      ...event,
      seq,
      ts,
      receivedAt: BigInt(event.receivedAt.getTime()) * 1000n + BigInt((seq * 7919) % 1000),
      props: event.props === null ? null : JSON.stringify(event.props),
    });
  }
  return rows;
}
