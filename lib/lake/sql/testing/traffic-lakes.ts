import { writeEventsParquet } from "@/lib/lake/parquet-writer";
import type { LakeEvent } from "@/lib/lake/parquet-schema";
import type { HourRange } from "@/lib/query/dashboard-model";
import { addHours, localHour } from "@/lib/query/reference/local-time";
import { ReferenceDashboard } from "@/lib/query/reference/reference-dashboard";
import type { RawEvent } from "@/lib/query/reference/sessionize";
import { randomTraffic, type TrafficSite } from "@/lib/testing/random-traffic";
import { dashboardTablesSql, type RunSql } from "../dashboard-sql";
import { analyticsViewsSql } from "../views";
import { openWasmDuckDB, type WasmDuckDB } from "./wasm-duckdb";

/** One site of the property test's traffic, in the lake and in the reference. */
export interface TrafficLake {
  site: TrafficSite;
  /** The site's raw events, numbered by arrival as the log numbers them. */
  rows: RawEvent[];
  reference: ReferenceDashboard;
  /** Runs SQL over this site's views and dashboard tables. */
  run: RunSql;
}

export interface TrafficLakes {
  lakes: TrafficLake[];
  close(): void;
}

/** A raw event of the traffic (which sets a hostname) as the lake stores it; columns the traffic does not make are null. */
export function toLakeEvent(event: RawEvent & { hostname: string }): LakeEvent {
  const { id: _id, ts, props, ...columns } = event;
  return {
    ...columns,
    ts: BigInt(ts.getTime()) * 1000n,
    userId: null,
    browserVersion: null,
    osVersion: null,
    language: null,
    schemaVersion: 1,
    props: props === null ? null : JSON.stringify(props),
  };
}

/**
 * The random traffic of `seed` (sites in zones with DST changes and
 * half-hour offsets, gaps on both sides of 30 minutes, twin timestamps)
 * written to Parquet, `filesPerSite` files a site split by arrival (so
 * sessions must be cut across files), in one DuckDB-WASM database of the
 * build the browser gets: a site's views and tables are (re)built when a
 * query turns to it.
 */
export async function openTrafficLakes(seed: number, filesPerSite: number): Promise<TrafficLakes> {
  const traffic = randomTraffic(seed);
  const all: RawEvent[] = traffic.appends.flat().map((event, index) => ({ ...event, seq: index + 1 }));
  const db: WasmDuckDB = await openWasmDuckDB();
  let current = -1;
  const lakes: TrafficLake[] = [];
  for (const [index, site] of traffic.sites.entries()) {
    const rows = all.filter((row) => row.siteId === site.id);
    const files: string[] = [];
    for (let part = 0; part < filesPerSite; part++) {
      const name = `site-${index}-part-${part}.parquet`;
      db.addFile(name, await writeEventsParquet(rows.filter((row) => row.seq % filesPerSite === part).map((row) => toLakeEvent(row as RawEvent & { hostname: string }))));
      files.push(name);
    }
    const setUp = [...analyticsViewsSql({ parquetFiles: files, timeZone: site.timeZone }), ...dashboardTablesSql()];
    const run: RunSql = async (sql) => {
      if (current !== index) for (const statement of setUp) db.query(statement);
      current = index;
      return db.query(sql);
    };
    lakes.push({ site, rows, reference: new ReferenceDashboard(rows, site.timeZone), run });
  }
  return { lakes, close: () => db.close() };
}

/** From the hour of a site's first event to the hour after its last. */
export function wholeRange(reference: ReferenceDashboard): HourRange {
  const hours = reference.events.map((event) => event.hour).sort();
  return { from: hours[0]!, to: addHours(hours.at(-1)!, 1) };
}

/** One site of the traffic with visitor ids made per local day, as the collector makes them. */
export interface DailyIdTraffic {
  site: TrafficSite;
  /** Numbered by arrival as the log numbers them. */
  rows: (RawEvent & { hostname: string })[];
  /** The local days of the first and last event. */
  first: string;
  last: string;
}

/**
 * The random traffic of `seed`, each visitor id split by local day (what a
 * day rollup relies on: no visitor reaches over a local midnight).
 */
export function trafficWithDailyIds(seed: number): DailyIdTraffic[] {
  const traffic = randomTraffic(seed);
  const all = traffic.appends.flat().map((event, index) => ({ ...event, seq: index + 1 }));
  return traffic.sites.map((site) => {
    const localDay = (ts: Date) => localHour(ts, site.timeZone).slice(0, 10);
    const rows = all.filter((event) => event.siteId === site.id).map((event) => ({ ...event, visitorId: `${event.visitorId}-${localDay(event.ts)}` }));
    const days = rows.map((event) => localDay(event.ts)).sort();
    return { site, rows, first: days[0]!, last: days.at(-1)! };
  });
}
