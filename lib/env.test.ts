import { describe, expect, it } from "vitest";
import { collectorRuntime, databaseDriver, EnvError, lakeS3Config, parseEnv } from "./env";

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

describe("sign-in provider variables", () => {
  const problemsOf = (vars: Record<string, string>) => {
    try {
      parseEnv(vars);
      return [];
    } catch (error) {
      return (error as EnvError).problems;
    }
  };

  it("accepts each provider's pair, and none at all", () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ AUTH_GITHUB_ID: "Iv1.abc", AUTH_GITHUB_SECRET: "s3cret" })).toEqual([]);
    expect(problemsOf({ EMAIL_SERVER: "smtps://user:pass@smtp.example.com:465", EMAIL_FROM: "Inlet <no-reply@example.com>" })).toEqual([]);
    expect(problemsOf({ EMAIL_SERVER: "smtp://127.0.0.1:2525", EMAIL_FROM: "no-reply@example.com", AUTH_GOOGLE_ID: "", AUTH_GOOGLE_SECRET: "" })).toEqual([]);
  });

  it("names the missing half of a pair", () => {
    expect(problemsOf({ AUTH_GITHUB_ID: "Iv1.abc" })).toEqual(["AUTH_GITHUB_SECRET: is required when AUTH_GITHUB_ID is set"]);
    expect(problemsOf({ AUTH_GOOGLE_SECRET: "s3cret" })).toEqual(["AUTH_GOOGLE_ID: is required when AUTH_GOOGLE_SECRET is set"]);
    expect(problemsOf({ EMAIL_FROM: "no-reply@example.com" })).toEqual(["EMAIL_SERVER: is required when EMAIL_FROM is set"]);
  });

  it("refuses a mail server that is not an SMTP URL and a sender that is not an address", () => {
    const problems = problemsOf({ EMAIL_SERVER: "mail.example.com", EMAIL_FROM: "Inlet" }).join("\n");
    expect(problems).toMatch(/^EMAIL_SERVER:/m);
    expect(problems).toMatch(/^EMAIL_FROM: must be an email address/m);
    expect(problemsOf({ EMAIL_SERVER: "https://mail.example.com", EMAIL_FROM: "a@b.example" })).toEqual(["EMAIL_SERVER: must start with smtp:// or smtps://"]);
  });
});

describe("lake storage variables", () => {
  const problemsOf = (vars: Record<string, string>) => {
    try {
      parseEnv(vars);
      return [];
    } catch (error) {
      return (error as EnvError).problems;
    }
  };
  const complete = { LAKE_S3_BUCKET: "inlet-lake", LAKE_S3_REGION: "auto", LAKE_S3_ACCESS_KEY_ID: "AKIA1", LAKE_S3_SECRET_ACCESS_KEY: "s3cret" };

  it("uses the local folder when nothing is set, and S3 when the required four are", () => {
    expect(lakeS3Config(parseEnv({}))).toBeNull();
    expect(lakeS3Config(parseEnv({ ...complete, LAKE_S3_ENDPOINT: "", LAKE_S3_FORCE_PATH_STYLE: "" }))).toEqual({
      bucket: "inlet-lake",
      region: "auto",
      endpoint: undefined,
      forcePathStyle: false,
      accessKeyId: "AKIA1",
      secretAccessKey: "s3cret",
    });
    expect(lakeS3Config(parseEnv({ ...complete, LAKE_S3_ENDPOINT: "http://127.0.0.1:9000", LAKE_S3_FORCE_PATH_STYLE: "true" }))).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
    });
    expect(lakeS3Config(parseEnv({ ...complete, LAKE_S3_FORCE_PATH_STYLE: "0" }))?.forcePathStyle).toBe(false);
  });

  it("names each missing required variable when only some are set", () => {
    expect(problemsOf({ LAKE_S3_BUCKET: "inlet-lake", LAKE_S3_REGION: "us-east-1", LAKE_S3_ACCESS_KEY_ID: "AKIA1" })).toEqual([
      "LAKE_S3_SECRET_ACCESS_KEY: is required when LAKE_S3_BUCKET and LAKE_S3_REGION and LAKE_S3_ACCESS_KEY_ID are set",
    ]);
    expect(problemsOf({ LAKE_S3_ENDPOINT: "http://127.0.0.1:9000" }).map((problem) => problem.split(":")[0])).toEqual([
      "LAKE_S3_BUCKET",
      "LAKE_S3_REGION",
      "LAKE_S3_ACCESS_KEY_ID",
      "LAKE_S3_SECRET_ACCESS_KEY",
    ]);
  });

  it("refuses a malformed bucket, endpoint or path-style flag", () => {
    const problems = problemsOf({ ...complete, LAKE_S3_BUCKET: "Inlet_Lake", LAKE_S3_ENDPOINT: "minio:9000", LAKE_S3_FORCE_PATH_STYLE: "yes" }).join("\n");
    expect(problems).toMatch(/^LAKE_S3_BUCKET: must be a bucket name/m);
    expect(problems).toMatch(/^LAKE_S3_ENDPOINT:/m);
    expect(problems).toMatch(/^LAKE_S3_FORCE_PATH_STYLE:/m);
  });
});
