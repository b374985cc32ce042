import { describe, expect, it } from "vitest";
import { localTime } from "@/lib/query/reference/local-time";
import { Random } from "@/lib/seed/random";
import { localTimestampSql, offsetChanges, timestampLiteral } from "./local-time-sql";
import { openWasmDuckDB } from "./testing/wasm-duckdb";

describe("offsetChanges", () => {
  it("finds Berlin's 2026 changes to the minute", () => {
    const span = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 0, 1) };
    expect(offsetChanges("Europe/Berlin", span).map(({ at, offsetMinutes }) => [new Date(at).toISOString(), offsetMinutes])).toEqual([
      ["2026-01-01T00:00:00.000Z", 60],
      ["2026-03-29T01:00:00.000Z", 120],
      ["2026-10-25T01:00:00.000Z", 60],
    ]);
  });

  it("has one offset for a zone without daylight saving, half hours kept", () => {
    expect(offsetChanges("Asia/Kolkata").map((change) => change.offsetMinutes)).toEqual([330]);
  });
});

describe("localTimestampSql in DuckDB-WASM", () => {
  it("gives the wall-clock time Intl gives, across decades and DST changes", async () => {
    const db = await openWasmDuckDB();
    try {
      const random = new Random(7);
      const instants = Array.from({ length: 400 }, () => Date.UTC(2001, 0, 1) + random.int(60 * 365) * 86_400_000 + random.int(86_400) * 1000);
      for (const timeZone of ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/St_Johns", "UTC"]) {
        const values = instants.map((ms) => `(${ms}, ${timestampLiteral(ms)})`).join(", ");
        const rows = db.query(`SELECT ms, strftime(${localTimestampSql("utc", timeZone)}, '%Y-%m-%dT%H:%M:%S') AS local FROM (VALUES ${values}) t(ms, utc) ORDER BY ms`);
        const expected = [...instants].sort((a, b) => a - b).map((ms) => localTime(new Date(ms), timeZone).slice(0, 19));
        expect(rows.map((row) => row.local), timeZone).toEqual(expected);
      }
    } finally {
      db.close();
    }
  });
});
