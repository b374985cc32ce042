import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

/** A database the app server can be pointed at: the embedded default or a server. */
export type AppDatabase = { driver: "pglite"; dataDir: string } | { driver: "pg"; url: string; max?: number };

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Start the production build (`npm start`'s script) on loopback over
 * `database`, and wait until it answers. `stop` ends the whole process group.
 */
export async function startAppServer(options: { port: number; dataDir: string; database: AppDatabase; env?: Record<string, string> }): Promise<AppServer> {
  if (options.database.driver === "pglite" && path.resolve(options.database.dataDir) !== path.resolve(options.dataDir, "pglite")) {
    // The app derives its embedded database's place from DATA_DIR; a caller preparing another folder would test an empty one.
    throw new Error(`the app's embedded database is ${path.join(options.dataDir, "pglite")}, not ${options.database.dataDir}`);
  }
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.database.driver === "pg" ? options.database.url : "",
      DATABASE_DRIVER: options.database.driver,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  const server = { url, stop: () => stopProcessGroup(child) };
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/sign-in`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop();
  throw new Error("the app did not answer within 60 s");
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM"); // tsx, next and its workers
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}
