/**
 * `npm run seed -- --events N --days D --seed S`: fill the configured
 * database's demo site with generated traffic (see lib/seed).
 */
import cliProgress from "cli-progress";
import { sql } from "drizzle-orm";
import { configuredOpenOptions, migrateDatabase, openDatabase, queryRows } from "@/lib/db";
import { EnvError } from "@/lib/env";
import { DEMO_CREDENTIALS, demoSiteHasEvents, parseSeedArgs, SEED_USAGE, SeedArgsError, seedDemo, type SeedArgs } from "@/lib/seed";

async function main(args: SeedArgs): Promise<void> {
  const options = configuredOpenOptions();
  const handle = await openDatabase(options);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "Loading events |{bar}| {percentage}% | {value}/{total} | {rate} events/s | ETA {eta_formatted}",
      formatValue: (value, _options, type) => (type === "value" || type === "total" ? value.toLocaleString("en-US") : String(value)),
      hideCursor: true,
      // Piped into a log: a plain line every few seconds instead of a redrawn bar.
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    await migrateDatabase(handle);
    if (args.keepExisting && (await demoSiteHasEvents(handle.db))) {
      console.log(`The demo site already has events: kept them (run without --keep-existing to replace them).`);
      console.log(`  sign in:  ${DEMO_CREDENTIALS.email} / ${DEMO_CREDENTIALS.password}`);
      return;
    }
    const started = performance.now();
    let barStarted = false;
    const result = await seedDemo({
      handle,
      events: args.events,
      days: args.days,
      seed: args.seed,
      end: args.end,
      onProgress: (progress) => {
        if (progress.phase === "load") {
          if (!barStarted) bar.start(progress.total, 0, { rate: "-" });
          barStarted = true;
          const seconds = (performance.now() - started) / 1000;
          bar.update(progress.loaded, { rate: Math.round(progress.loaded / seconds).toLocaleString("en-US") });
        } else {
          if (barStarted) bar.stop();
          barStarted = false;
          process.stderr.write(`Rebuilding projection ${progress.projection}...\n`);
        }
      },
    });
    if (barStarted) bar.stop();
    const seconds = (performance.now() - started) / 1000;
    const [size] = await queryRows<{ size: string }>(handle.db, sql`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
    const where = options.driver === "pglite" ? `PGlite in ${options.dataDir}` : `${options.driver} database`;
    const day = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ");
    console.log(
      [
        `Seeded ${result.events.toLocaleString("en-US")} events into the demo site (${where}, now ${size?.size ?? "?"}).`,
        `  range:    ${day(result.range.start)} to ${day(result.range.end)} UTC (${args.days} day${args.days === 1 ? "" : "s"}, seed ${args.seed})`,
        `  elapsed:  ${seconds.toFixed(1)} s (${Math.round(result.events / seconds).toLocaleString("en-US")} events/s;` +
          ` load ${(result.loadMs / 1000).toFixed(1)} s, projections ${(result.projectMs / 1000).toFixed(1)} s)`,
        `  sign in:  ${result.credentials.email} / ${result.credentials.password}`,
      ].join("\n"),
    );
  } finally {
    bar.stop();
    await handle.close();
  }
}

let args: SeedArgs;
try {
  args = parseSeedArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof SeedArgsError)) throw error;
  console.error(`${error.message}\n\n${SEED_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(SEED_USAGE);
} else {
  await main(args).catch((error: unknown) => {
    // A configuration problem names the variable; anything else gets its stack.
    console.error(error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
