import { z } from "zod";

/**
 * The one place that reads `process.env`. Every variable is validated by the
 * schema below; the first call to `env()` throws an `EnvError` naming each bad
 * variable, so a misconfigured deploy stops at start-up instead of failing later.
 *
 * This module is imported from the Edge runtime too: it must stay free of
 * Node-only APIs.
 */

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgres:// or postgresql://");

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Unset: the embedded PGlite database under DATA_DIR. */
    DATABASE_URL: postgresUrl.optional().or(z.literal("").transform(() => undefined)),
    /** Which driver talks to DATABASE_URL; inferred from the host when unset. */
    DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional().or(z.literal("").transform(() => undefined)),
    /** Where the embedded database and local blobs live. */
    DATA_DIR: z.string().min(1).default(".data"),
    /** Signs sessions and internal requests. Generated into DATA_DIR by `npm start` when unset. */
    AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * Read by `next build`: which route serves POST /api/collect. Unset: the
     * Edge route when the database is Neon, else the Node route (see
     * app/api/collect/node/route.ts).
     */
    COLLECTOR_RUNTIME: z.enum(["edge", "node"]).optional().or(z.literal("").transform(() => undefined)),
    /** How the Edge collector reaches the app's Node side when it serves a non-Neon database. */
    INTERNAL_URL: z.string().url().default("http://127.0.0.1:3000"),
    /** `in-process`: projections run inside the app. `external`: cron routes or `npm run worker`. */
    JOBS: z.enum(["in-process", "external"]).default("in-process"),
    /** Bearer token the cron route (/api/cron/project) requires; unset: the route answers 503. */
    CRON_SECRET: z
      .string()
      .min(16, "must be at least 16 characters (try: openssl rand -base64 32)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Local testing only: route Neon's WebSocket through a websockify proxy at host:port. */
    NEON_WS_PROXY: optionalString,
    /** Collector requests per second per client IP, per instance (bursts of 10x); 0 turns it off. */
    COLLECT_RATE_LIMIT_IP: z.coerce.number().min(0).default(20),
    /** Collector events per second per site, per instance (bursts of 10x); 0 turns it off. */
    COLLECT_RATE_LIMIT_SITE: z.coerce.number().min(0).default(2000),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  })
  .superRefine((value, ctx) => {
    if (value.DATABASE_DRIVER && value.DATABASE_DRIVER !== "pglite" && !value.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: `is required when DATABASE_DRIVER=${value.DATABASE_DRIVER}`,
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validate a set of variables; exported for tests and the start script. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv({
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_DRIVER: process.env.DATABASE_DRIVER,
    DATA_DIR: process.env.DATA_DIR,
    AUTH_SECRET: process.env.AUTH_SECRET,
    COLLECTOR_RUNTIME: process.env.COLLECTOR_RUNTIME,
    INTERNAL_URL: process.env.INTERNAL_URL,
    JOBS: process.env.JOBS,
    CRON_SECRET: process.env.CRON_SECRET,
    NEON_WS_PROXY: process.env.NEON_WS_PROXY,
    COLLECT_RATE_LIMIT_IP: process.env.COLLECT_RATE_LIMIT_IP,
    COLLECT_RATE_LIMIT_SITE: process.env.COLLECT_RATE_LIMIT_SITE,
    HOST: process.env.HOST,
    PORT: process.env.PORT,
  });
  return cached;
}

/** The driver that serves this environment's database. */
export function databaseDriver(config: Env = env()): "pglite" | "pg" | "neon" {
  if (config.DATABASE_DRIVER) return config.DATABASE_DRIVER;
  if (!config.DATABASE_URL) return "pglite";
  return new URL(config.DATABASE_URL).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

/** Which runtime serves the collector in a build made with this environment. */
export function collectorRuntime(config: Env = env()): "edge" | "node" {
  return config.COLLECTOR_RUNTIME ?? (databaseDriver(config) === "neon" ? "edge" : "node");
}

/** The secret that signs sessions; required outside the embedded default's start script. */
export function authSecretOrThrow(config: Env = env()): string {
  if (!config.AUTH_SECRET) {
    throw new EnvError(["AUTH_SECRET: is required (npm start generates one into DATA_DIR; set it yourself in production)"]);
  }
  return config.AUTH_SECRET;
}
