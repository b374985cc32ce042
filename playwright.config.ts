import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = 3100;

// Playwright loads this file in every worker; the server and its fresh data
// directory are made once, by the main process, and inherited through env.
// The directory sits under the git-ignored .data/ and is emptied on the next run.
if (!process.env.INLET_E2E_DATA_DIR) {
  const dataDir = path.resolve(".data/e2e");
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  process.env.INLET_E2E_DATA_DIR = dataDir;
  // Lets e2e/lake-signed-urls.spec.ts run the lake export now instead of waiting for the in-process job.
  process.env.INLET_E2E_CRON_SECRET = `e2e-cron-${Date.now()}-secret`;
  // The demo site's year of history, seeded before the server starts (e2e/lake-dashboard.spec.ts
  // rebuilds the same events from these options). It ends two hours before today's UTC midnight,
  // so every event lies on a closed day in the demo site's zone (Berlin).
  const end = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 3_600_000).toISOString();
  process.env.INLET_E2E_HISTORY = JSON.stringify({ events: 20_000, days: 365, seed: 61, end });
}
const history = JSON.parse(process.env.INLET_E2E_HISTORY!) as { events: number; days: number; seed: number; end: string };

/** PLAYWRIGHT_CHROMIUM_PATH, else Debian's chromium, else Playwright's own browser. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, "/usr/bin/chromium"];
  return candidates.find((candidate) => candidate && fs.existsSync(candidate));
}

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The production build (npm test builds first) on the embedded default, loopback only, after
    // seeding the demo site with a year of history (PGlite is one process: it cannot be seeded later).
    command:
      `npx tsx --conditions=react-server scripts/seed.ts --events ${history.events} --days ${history.days} ` +
      `--seed ${history.seed} --end ${history.end} && npx tsx scripts/start.ts`,
    url: `http://127.0.0.1:${PORT}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      HOST: "127.0.0.1",
      PORT: String(PORT),
      DATA_DIR: process.env.INLET_E2E_DATA_DIR,
      DATABASE_URL: "",
      AUTH_SECRET: "",
      CRON_SECRET: process.env.INLET_E2E_CRON_SECRET ?? "",
      NODE_ENV: "production",
    },
  },
});
