import { describe, expect, it } from "vitest";
import { DIMENSIONS, INTERVALS, KPIS } from "@/lib/query/dashboard-model";
import { PERIODS } from "@/lib/query/dashboard-url";
import { openApiDocument } from "./openapi";
import { parseAggregateParams, parseBreakdownParams, parseTimeseriesParams } from "./parse-stats-params";
import { BREAKDOWN_METRICS, ignoredParametersOf, parametersOf, STATS_ENDPOINTS } from "./stats-parameters";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  required?: boolean;
  schema: { enum?: string[]; items?: { enum?: string[] } };
}

// A round trip through text: what a client downloads.
const document = JSON.parse(JSON.stringify(openApiDocument())) as Json & { paths: Record<string, { get: { parameters: Parameter[] } }> };
const parsers = { aggregate: parseAggregateParams, timeseries: parseTimeseriesParams, breakdown: parseBreakdownParams };
const SITE = "0196f3a2-7c1e-7d2a-9b3c-4d5e6f708192";

function resolve(pointer: string): unknown {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "$ref" ? [value as string] : refsIn(value)));
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the three stats paths, every reference resolving", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d$/);
    expect(Object.keys(document.paths).sort()).toEqual(["/api/v1/stats/aggregate", "/api/v1/stats/breakdown", "/api/v1/stats/timeseries"]);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(resolve(ref), ref).toBeTypeOf("object");
  });

  it("documents exactly the parameters the parser accepts, with lib/query's value sets", () => {
    for (const endpoint of STATS_ENDPOINTS) {
      const parameters = document.paths[`/api/v1/stats/${endpoint}`]!.get.parameters;
      expect(parameters.map((parameter) => parameter.name).sort()).toEqual([...parametersOf(endpoint), ...ignoredParametersOf(endpoint)].sort());
      const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));
      expect(byName.get("site_id")!.required).toBe(true);
      expect(byName.get("period")!.schema.enum).toEqual(PERIODS);
      expect(byName.get("metrics")!.schema.items!.enum).toEqual(endpoint === "breakdown" ? BREAKDOWN_METRICS : KPIS);
      if (endpoint === "breakdown") expect(byName.get("dimension")).toMatchObject({ required: true, schema: { enum: DIMENSIONS } });
      if (endpoint === "timeseries") expect(byName.get("interval")!.schema.enum).toEqual(INTERVALS);
    }
  });

  it("lists values the parser accepts, each of them", () => {
    for (const endpoint of STATS_ENDPOINTS) {
      for (const parameter of document.paths[`/api/v1/stats/${endpoint}`]!.get.parameters) {
        const values = parameter.schema.enum ?? parameter.schema.items?.enum ?? [];
        for (const value of values) {
          const query = new URLSearchParams({ site_id: SITE, [parameter.name]: value });
          if (endpoint === "breakdown" && parameter.name !== "dimension") query.set("dimension", "page");
          if (value === "custom") query.set("from", "2026-01-01");
          if (value === "custom") query.set("to", "2026-01-02");
          expect(() => parsers[endpoint](query), `${endpoint} ${parameter.name}=${value}`).not.toThrow();
        }
      }
    }
  });

  it("describes every metric and dimension in the answers", () => {
    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
    const properties = (schema: string, ...path: string[]) => Object.keys(path.reduce<Json>((node, key) => node[key] as Json, schemas[schema]!));
    expect(properties("AggregateResponse", "properties", "results", "properties")).toEqual(KPIS);
    expect(properties("TimeseriesResponse", "properties", "results", "items", "properties")).toEqual(["date", ...KPIS]);
    expect(properties("BreakdownResponse", "properties", "results", "items", "properties")).toEqual([...DIMENSIONS, ...BREAKDOWN_METRICS]);
  });
});
