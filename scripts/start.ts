import { spawn } from "node:child_process";
import fs from "node:fs";
import { prepareEnv } from "./prepare-env";

/**
 * `npm start`: validate configuration, fill in the embedded defaults, then run
 * `next start`. `npm run dev` passes --dev to run `next dev` the same way.
 */
const dev = process.argv.includes("--dev");
const { vars, config } = prepareEnv();
if (!dev && !fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build found: run `npm run build` first.");
  process.exit(1);
}
console.log(`Inlet on http://${config.HOST === "127.0.0.1" ? "localhost" : config.HOST}:${config.PORT} (database: ${config.DATABASE_URL ? "DATABASE_URL" : `embedded, ${config.DATA_DIR}`})`);
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", dev ? "dev" : "start", "-H", config.HOST, "-p", String(config.PORT)], {
  stdio: "inherit",
  // Nothing at run time talks to the internet, Next's telemetry included.
  env: { NEXT_TELEMETRY_DISABLED: "1", ...vars },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
