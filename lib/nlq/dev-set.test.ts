import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WasmDuckDB } from "@/lib/lake/sql/testing/wasm-duckdb";
import { DEV_SET, DEV_SET_NOW, DEV_SET_TIME_ZONE, type DevQuestion } from "./dev-set";
import { embeddedEngine } from "./embedded-engine";
import { guardSql } from "./guard";
import { DEMO_CONTEXT, DEMO_SITE, openDemoLake } from "./testing/demo-lake";

/*
 * Execution accuracy of the embedded engine on the dev set: for each
 * question, the engine's SQL and the hand-written SQL run on the seeded demo
 * site in DuckDB-WASM, and the result sets must match (by column position;
 * in order only when the question asks for one; numbers within a relative
 * 1e-6). A question to refuse counts when the engine refuses it with a
 * message and suggestions. Below 90% the test fails.
 */
const REQUIRED_ACCURACY = 0.9;
const RELATIVE_TOLERANCE = 1e-6;

type Cell = string | number | null;

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function rowsOf(db: WasmDuckDB, sql: string): Cell[][] {
  return db.query(sql).map((row) => Object.values(row).map(cell));
}

function sameCell(a: Cell, b: Cell): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** A row's sort key: numbers rounded so that values within tolerance sort together. */
function key(row: Cell[]): string {
  return JSON.stringify(row.map((value) => (typeof value === "number" ? Number(value.toPrecision(9)) : value)));
}

function sameResult(actual: Cell[][], expected: Cell[][], ordered: boolean): string | null {
  if (actual.length !== expected.length) return `${actual.length} rows, expected ${expected.length}`;
  const a = ordered ? actual : [...actual].sort((x, y) => key(x).localeCompare(key(y)));
  const e = ordered ? expected : [...expected].sort((x, y) => key(x).localeCompare(key(y)));
  for (let index = 0; index < a.length; index++) {
    const row = a[index]!;
    const want = e[index]!;
    if (row.length !== want.length || !row.every((value, column) => sameCell(value, want[column]!))) {
      return `row ${index}: ${JSON.stringify(row)}, expected ${JSON.stringify(want)}`;
    }
  }
  return null;
}

interface Outcome {
  question: DevQuestion;
  ok: boolean;
  detail: string;
}

async function judge(db: WasmDuckDB, question: DevQuestion): Promise<Outcome> {
  const translation = await embeddedEngine.translate(question.question, { ...DEMO_CONTEXT, now: DEV_SET_NOW, timeZone: DEV_SET_TIME_ZONE });
  if (question.expected === null) {
    if (translation.ok) return { question, ok: false, detail: `answered instead of refusing: ${translation.restatement}` };
    const helpful = translation.message.length > 0 && translation.suggestions.length > 0;
    return { question, ok: helpful, detail: `refused: ${translation.message}` };
  }
  if (!translation.ok) return { question, ok: false, detail: `refused: ${translation.message}` };
  // Run as the browser runs it: through the guard.
  const verdict = guardSql(translation.sql);
  if (!verdict.ok) return { question, ok: false, detail: `guard refused the engine's SQL: ${verdict.reason}\n${translation.sql}` };
  let actual: Cell[][];
  try {
    actual = rowsOf(db, verdict.sql);
  } catch (error) {
    return { question, ok: false, detail: `engine SQL failed: ${String(error)}\n${translation.sql}` };
  }
  const expected = rowsOf(db, question.expected);
  // A dev set that passes because both sides are empty proves nothing.
  if (expected.length === 0) return { question, ok: false, detail: "the hand-written answer has no rows" };
  const difference = sameResult(actual, expected, question.ordered ?? false);
  return { question, ok: difference === null, detail: difference === null ? translation.restatement : `${translation.restatement}: ${difference}` };
}

describe("embedded engine dev set", () => {
  let db: WasmDuckDB;

  beforeAll(async () => {
    db = await openDemoLake();
  }, 60_000);

  afterAll(() => db?.close());

  it("matches the seed the dev set was written for", () => {
    expect(DEMO_SITE.now.getTime()).toBe(DEV_SET_NOW.getTime());
    expect(DEMO_SITE.timeZone).toBe(DEV_SET_TIME_ZONE);
    expect(DEV_SET.length).toBeGreaterThanOrEqual(80);
    expect(DEV_SET.filter((question) => question.expected === null).length).toBeGreaterThanOrEqual(5);
  });

  it(`answers at least ${REQUIRED_ACCURACY * 100}% of the questions correctly`, async () => {
    const outcomes: Outcome[] = [];
    for (const question of DEV_SET) outcomes.push(await judge(db, question));
    const correct = outcomes.filter((outcome) => outcome.ok).length;
    const accuracy = correct / outcomes.length;
    const failures = outcomes.filter((outcome) => !outcome.ok);
    console.log(
      `embedded engine execution accuracy: ${correct}/${outcomes.length} = ${(accuracy * 100).toFixed(1)}%` +
        failures.map((failure) => `\n  ✗ ${failure.question.question}\n    ${failure.detail}`).join(""),
    );
    expect(accuracy).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });
});
