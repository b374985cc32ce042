import { describe, expect, it } from "vitest";
import { DIMENSIONS, KPIS } from "@/lib/query/dashboard-model";
import { GET } from "./route";

describe("GET /api/v1/openapi.json", () => {
  it("serves, without credentials, an OpenAPI 3.1 document of the three stats endpoints with every metric and dimension", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const document = JSON.parse(await response.text()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[]; items?: { enum?: string[] } } }[] } }>;
    };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths).sort()).toEqual(["/api/v1/stats/aggregate", "/api/v1/stats/breakdown", "/api/v1/stats/timeseries"]);
    const values = (path: string, name: string) => {
      const schema = document.paths[path]!.get.parameters.find((parameter) => parameter.name === name)!.schema;
      return schema.enum ?? schema.items?.enum;
    };
    expect(values("/api/v1/stats/aggregate", "metrics")).toEqual(KPIS);
    expect(values("/api/v1/stats/timeseries", "metrics")).toEqual(KPIS);
    expect(values("/api/v1/stats/breakdown", "dimension")).toEqual(DIMENSIONS);
  });
});
