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

/** An SMTP connection URL as nodemailer reads it: smtp://user:password@host:587 or smtps://…:465. */
const smtpUrl = z
  .string()
  .url()
  .refine((value) => /^smtps?:\/\//.test(value), "must start with smtp:// or smtps://")
  .optional()
  .or(z.literal("").transform(() => undefined));

/** A sender: "no-reply@example.com" or "Inlet <no-reply@example.com>". */
const mailSender = z
  .string()
  .refine((value) => z.email().safeParse(/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value.trim()).success, "must be an email address, optionally as 'Name <address>'")
  .optional()
  .or(z.literal("").transform(() => undefined));

/**
 * Variables that configure one optional service: setting any of `required` or
 * `optional` makes each of `required` necessary, and an error names the missing ones.
 */
const TOGETHER: { required: string[]; optional?: string[] }[] = [
  { required: ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"] },
  { required: ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"] },
  { required: ["EMAIL_SERVER", "EMAIL_FROM"] },
  {
    required: ["LAKE_S3_BUCKET", "LAKE_S3_REGION", "LAKE_S3_ACCESS_KEY_ID", "LAKE_S3_SECRET_ACCESS_KEY"],
    optional: ["LAKE_S3_ENDPOINT", "LAKE_S3_FORCE_PATH_STYLE"],
  },
  { required: ["NLQ_LLM_BASE_URL", "NLQ_LLM_API_KEY", "NLQ_LLM_MODEL"] },
];

/** An S3 bucket name (S3's rules; R2 and MinIO accept the same). */
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3-63 lowercase letters, digits, dots and hyphens")
  .optional()
  .or(z.literal("").transform(() => undefined));

/** "true"/"false" (or 1/0); unset stays undefined so that "is it set" can be told apart from false. */
const optionalFlag = z
  .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1"));

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
    /** GitHub OAuth app; both set: "Continue with GitHub" on the sign-in page. */
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    /** Google OAuth client; both set: "Continue with Google". */
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    /** SMTP server for email sign-in links; with EMAIL_FROM set: "Email me a sign-in link". */
    EMAIL_SERVER: smtpUrl,
    EMAIL_FROM: mailSender,
    /** The lake's S3-compatible bucket; unset: the local folder DATA_DIR/lake. */
    LAKE_S3_BUCKET: bucketName,
    /** The bucket's region ("auto" for Cloudflare R2). */
    LAKE_S3_REGION: optionalString,
    /** R2, MinIO or another S3-compatible service; unset: AWS S3. */
    LAKE_S3_ENDPOINT: z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    LAKE_S3_ACCESS_KEY_ID: optionalString,
    LAKE_S3_SECRET_ACCESS_KEY: optionalString,
    /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most local servers need. */
    LAKE_S3_FORCE_PATH_STYLE: optionalFlag,
    /** The question box's optional LLM engine: an OpenAI-compatible API (…/v1), its key and model. */
    NLQ_LLM_BASE_URL: z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    NLQ_LLM_API_KEY: optionalString,
    NLQ_LLM_MODEL: optionalString,
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
    const given = value as Record<string, unknown>;
    for (const { required, optional = [] } of TOGETHER) {
      const set = [...required, ...optional].filter((name) => given[name] !== undefined);
      if (set.length === 0) continue;
      for (const name of required.filter((name) => given[name] === undefined)) {
        ctx.addIssue({ code: "custom", path: [name], message: `is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set` });
      }
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
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID,
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET,
    AUTH_GOOGLE_ID: process.env.AUTH_GOOGLE_ID,
    AUTH_GOOGLE_SECRET: process.env.AUTH_GOOGLE_SECRET,
    EMAIL_SERVER: process.env.EMAIL_SERVER,
    EMAIL_FROM: process.env.EMAIL_FROM,
    LAKE_S3_BUCKET: process.env.LAKE_S3_BUCKET,
    LAKE_S3_REGION: process.env.LAKE_S3_REGION,
    LAKE_S3_ENDPOINT: process.env.LAKE_S3_ENDPOINT,
    LAKE_S3_ACCESS_KEY_ID: process.env.LAKE_S3_ACCESS_KEY_ID,
    LAKE_S3_SECRET_ACCESS_KEY: process.env.LAKE_S3_SECRET_ACCESS_KEY,
    LAKE_S3_FORCE_PATH_STYLE: process.env.LAKE_S3_FORCE_PATH_STYLE,
    NLQ_LLM_BASE_URL: process.env.NLQ_LLM_BASE_URL,
    NLQ_LLM_API_KEY: process.env.NLQ_LLM_API_KEY,
    NLQ_LLM_MODEL: process.env.NLQ_LLM_MODEL,
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

/** Where the lake's S3-compatible bucket is, or null for the local folder (DATA_DIR/lake). */
export interface LakeS3Config {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export function lakeS3Config(config: Env = env()): LakeS3Config | null {
  const { LAKE_S3_BUCKET: bucket, LAKE_S3_REGION: region, LAKE_S3_ACCESS_KEY_ID: accessKeyId, LAKE_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  // parseEnv already refused a partial configuration; this only narrows the types.
  if (!bucket || !region || !accessKeyId || !secretAccessKey) return null;
  return { bucket, region, endpoint: config.LAKE_S3_ENDPOINT, forcePathStyle: config.LAKE_S3_FORCE_PATH_STYLE ?? false, accessKeyId, secretAccessKey };
}
