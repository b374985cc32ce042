import { generateTraffic } from "@/lib/seed/generate-traffic";
import type { LakeEvent } from "../parquet-schema";

/**
 * `count` realistic events of one site as the lake stores them, from the demo
 * traffic generator (the same options give the same events). `seq` numbers
 * them in time order.
 */
export function generateLakeEvents(options: { siteId: string; count: number; days: number; end: Date; seed: number; timeZone?: string }): LakeEvent[] {
  const rows: LakeEvent[] = [];
  for (const event of generateTraffic({ siteId: options.siteId, events: options.count, days: options.days, end: options.end, seed: options.seed, timeZone: options.timeZone ?? "UTC" })) {
    const ts = BigInt(event.ts.getTime()) * 1000n;
    const seq = rows.length + 1;
    const { id: _id, receivedAt: _receivedAt, ...columns } = event;
    rows.push({ ...columns, seq, ts, props: event.props === null ? null : JSON.stringify(event.props) });
  }
  return rows;
}
