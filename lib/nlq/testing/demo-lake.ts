import { writeEventsParquet } from "@/lib/lake/parquet-writer";
import { openWasmDuckDB, type WasmDuckDB } from "@/lib/lake/sql/testing/wasm-duckdb";
import { analyticsViewsSql } from "@/lib/lake/sql/views";
import { generateLakeEvents } from "@/lib/lake/testing/lake-events";

/** The demo site the dev set asks about: fixed seed, zone and end, so every answer is fixed. */
export const DEMO_SITE = {
  timeZone: "Europe/Berlin",
  /** The data end (exclusive) and the moment every dev-set question is asked: Thursday 12 Nov 2026, 12:00 in Berlin. */
  now: new Date("2026-11-12T11:00:00Z"),
  days: 75,
  events: 30_000,
  seed: 20261112,
} as const;

/** DuckDB-WASM with the demo site's events as Parquet, the analytics views and the macros. */
export async function openDemoLake(): Promise<WasmDuckDB> {
  const rows = generateLakeEvents({
    siteId: "00000000-0000-7000-8000-000000000001",
    count: DEMO_SITE.events,
    days: DEMO_SITE.days,
    end: DEMO_SITE.now,
    seed: DEMO_SITE.seed,
    timeZone: DEMO_SITE.timeZone,
  });
  const db = await openWasmDuckDB();
  db.addFile("demo.parquet", await writeEventsParquet(rows));
  for (const statement of analyticsViewsSql({ parquetFiles: ["demo.parquet"], timeZone: DEMO_SITE.timeZone })) db.query(statement);
  // The views recompute sessions on every read (~1 s here); the dev set reads
  // them hundreds of times. The same rows, materialised once, under the same names.
  for (const view of ["sessions", "events_in_sessions", "events"]) {
    db.query(`CREATE TABLE ${view}_rows AS SELECT * FROM ${view}`);
    db.query(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${view}_rows`);
  }
  return db;
}

/** What the engine knows of the demo site: its custom events, most frequent first, and their property keys. */
export const DEMO_CONTEXT = {
  timeZone: DEMO_SITE.timeZone,
  now: DEMO_SITE.now,
  eventNames: ["outbound", "download", "signup", "newsletter_subscribe", "purchase"],
  propertyKeys: {
    outbound: ["url"],
    download: ["file"],
    signup: ["plan"],
    newsletter_subscribe: ["source"],
    purchase: ["plan", "amount", "currency", "interval"],
  },
};
