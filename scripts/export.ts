/**
 * `npm run export -- --site <id> --out <file.parquet>`: every event of a
 * site (lake files and hot log together, each once) in one Parquet file with
 * the lake's layout (see lib/lake/export-site.ts).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { configuredOpenOptions, migrateDatabase, openDatabase } from "@/lib/db";
import { EnvError } from "@/lib/env";
import { lakeStore } from "@/lib/lake/blob-stores";
import { exportSiteEvents, SiteExportFailed, type ExportSiteProgress } from "@/lib/lake/export-site";
import { EXPORT_USAGE, ExportArgsError, parseExportArgs, type ExportSiteArgs } from "@/lib/lake/export-site-args";
import { prepareEnv } from "./prepare-env";

async function main(args: ExportSiteArgs): Promise<void> {
  Object.assign(process.env, prepareEnv().vars);
  const handle = await openDatabase(configuredOpenOptions());
  try {
    await migrateDatabase(handle);
    const started = performance.now();
    let lastLine = 0;
    const onProgress = (progress: ExportSiteProgress) => {
      // Progress goes to stderr, a line at most every two seconds (stage changes always).
      const now = performance.now();
      if (progress.stage === "log" && now - lastLine < 2_000) return;
      lastLine = now;
      const line =
        progress.stage === "log"
          ? `reading the log: ${progress.rows.toLocaleString("en-US")} events`
          : progress.stage === "lake"
            ? `fetching lake files: ${progress.files}/${progress.totalFiles}`
            : `deduplicating, sorting and writing (${progress.inputFiles} staged file${progress.inputFiles === 1 ? "" : "s"})...`;
      process.stderr.write(`${line}\n`);
    };
    const rows = await exportSiteEvents(handle.db, lakeStore(), args.siteId, args.out, { onProgress });
    const seconds = (performance.now() - started) / 1000;
    const { size } = await fs.stat(args.out);
    console.log(
      `Exported ${rows.toLocaleString("en-US")} events of site ${args.siteId} to ${path.resolve(args.out)}: ` +
        `${size.toLocaleString("en-US")} bytes in ${seconds.toFixed(1)} s`,
    );
  } finally {
    await handle.close();
  }
}

let args: ExportSiteArgs;
try {
  args = parseExportArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ExportArgsError)) throw error;
  console.error(`${error.message}\n\n${EXPORT_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(EXPORT_USAGE);
} else {
  await main(args).catch((error: unknown) => {
    // A known failure or a configuration problem is its message; anything else gets its stack.
    console.error(error instanceof SiteExportFailed || error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
