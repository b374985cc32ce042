import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EnvError, parseEnv, type Env } from "../lib/env";

/**
 * The embedded default needs no configuration: when AUTH_SECRET is unset and
 * no DATABASE_URL is given, a secret is generated once into DATA_DIR and
 * reused. Returns the environment for child processes, validated; exits with
 * the names of bad variables otherwise.
 */
export function prepareEnv(base: NodeJS.ProcessEnv = process.env): { vars: NodeJS.ProcessEnv; config: Env } {
  const vars: NodeJS.ProcessEnv = { ...base };
  try {
    let config = parseEnv(vars);
    if (!config.AUTH_SECRET && !config.DATABASE_URL) {
      const secretFile = path.join(config.DATA_DIR, "auth-secret");
      if (!fs.existsSync(secretFile)) {
        fs.mkdirSync(config.DATA_DIR, { recursive: true });
        fs.writeFileSync(secretFile, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
      }
      vars.AUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
    }
    vars.INTERNAL_URL ??= `http://127.0.0.1:${config.PORT}`;
    config = parseEnv(vars);
    if (!config.AUTH_SECRET) throw new EnvError(["AUTH_SECRET: is required when DATABASE_URL is set"]);
    return { vars, config };
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
