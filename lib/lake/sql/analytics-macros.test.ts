import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteString } from "@/lib/lake/sql/sql-literal";
import { openWasmDuckDB, type WasmDuckDB } from "@/lib/lake/sql/testing/wasm-duckdb";
import { ANALYTICS_MACROS_SQL } from "./analytics-macros";

/* The `prop` macro in the browser's DuckDB-WASM, on props as Postgres prints jsonb and as JSON.stringify writes them. */
describe("prop(props, key)", () => {
  let db: WasmDuckDB;
  beforeAll(async () => {
    db = await openWasmDuckDB();
    for (const statement of ANALYTICS_MACROS_SQL) db.query(statement);
  });
  afterAll(() => db?.close());

  const prop = (props: string | null, key: string) =>
    db.query(`SELECT prop(${props === null ? "CAST(NULL AS VARCHAR)" : quoteString(props)}, ${quoteString(key)}) AS v`)[0]!.v;

  it("reads string values, with or without a space after the colon", () => {
    expect(prop('{"plan": "pro", "amount": 19}', "plan")).toBe("pro");
    expect(prop('{"plan":"pro","amount":19}', "plan")).toBe("pro");
    expect(prop('{"currency": "EUR", "plan": "business"}', "plan")).toBe("business");
  });

  it("gives numbers, booleans and null as their JSON text", () => {
    expect(prop('{"amount": 190, "plan": "pro"}', "amount")).toBe("190");
    expect(prop('{"ok": true}', "ok")).toBe("true");
    expect(prop('{"ratio": -1.5e3}', "ratio")).toBe("-1.5e3");
    expect(prop('{"gone": null}', "gone")).toBe("null");
  });

  it("undoes simple escapes in strings", () => {
    expect(prop(String.raw`{"title": "say \"hi\" \\ bye"}`, "title")).toBe(String.raw`say "hi" \ bye`);
  });

  it("matches the key as itself, not as a pattern or inside a value", () => {
    expect(prop('{"axb": "1"}', "a.b")).toBeNull();
    expect(prop('{"a.b": "2"}', "a.b")).toBe("2");
    expect(prop('{"(x)+": "3"}', "(x)+")).toBe("3");
    expect(prop('{"label": "plan", "plan": "free"}', "plan")).toBe("free");
    expect(prop('{"myplan": "x"}', "plan")).toBeNull();
  });

  it("is NULL without props or without the key", () => {
    expect(prop(null, "plan")).toBeNull();
    expect(prop('{"amount": 19}', "plan")).toBeNull();
  });
});
