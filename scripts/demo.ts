import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { prepareEnv } from "./prepare-env";

/**
 * `npm run demo`: the README's first command after install. Builds the app,
 * prepares the embedded database with a seeded demo site (kept when it
 * already has data), then starts the app on http://localhost:3000.
 */
const { values } = parseArgs({ options: { events: { type: "string", default: "200000" }, reseed: { type: "boolean", default: false } } });
const { vars } = prepareEnv();

function run(description: string, command: string, args: string[]) {
  console.log(`\n> ${description}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: vars });
  if (result.status !== 0) {
    console.error(`\n${description} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

run("Building the app", "npm", ["run", "build"]);
run("Seeding the demo site", "npm", ["run", "seed", "--", "--events", values.events, "--days", "30", "--seed", "42", ...(values.reseed ? [] : ["--keep-existing"])]);
console.log("\nSign in at http://localhost:3000 as demo@inlet.dev with the password inlet-demo-password\n");
run("Starting Inlet", "npx", ["tsx", "scripts/start.ts"]);
