import { describe, expect, it } from "vitest";
import { collectorRuntime, databaseDriver, EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("names every bad variable at once", () => {
    expect(() => parseEnv({ PORT: "http", DATABASE_URL: "mysql://x", COLLECTOR_RUNTIME: "lambda" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "http", DATABASE_URL: "mysql://x", COLLECTOR_RUNTIME: "lambda" });
    } catch (error) {
      const problems = (error as EnvError).problems.join("\n");
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).toMatch(/^DATABASE_URL:/m);
      expect(problems).toMatch(/^COLLECTOR_RUNTIME:/m);
    }
  });
});

describe("which database driver and which collector route a configuration gets", () => {
  const cases: [Record<string, string>, "pglite" | "pg" | "neon", "edge" | "node"][] = [
    [{}, "pglite", "node"],
    [{ DATABASE_URL: "postgres://u@db.example.com/inlet" }, "pg", "node"],
    [{ DATABASE_URL: "postgres://u@ep-cool-1.eu-central-1.aws.neon.tech/inlet" }, "neon", "edge"],
    [{ DATABASE_URL: "postgres://u@127.0.0.1/inlet", DATABASE_DRIVER: "neon" }, "neon", "edge"],
    [{ DATABASE_URL: "postgres://u@ep-cool-1.aws.neon.tech/inlet", COLLECTOR_RUNTIME: "node" }, "neon", "node"],
    [{ COLLECTOR_RUNTIME: "edge" }, "pglite", "edge"],
  ];
  it.each(cases)("%j -> %s, %s", (vars, driver, runtime) => {
    const config = parseEnv(vars);
    expect(databaseDriver(config)).toBe(driver);
    expect(collectorRuntime(config)).toBe(runtime);
  });
});
