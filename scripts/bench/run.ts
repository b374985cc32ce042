import fs from "node:fs";
import os from "node:os";
import { ingest } from "./suites/ingest";
import { lake } from "./suites/lake";
import { parquetWriters } from "./suites/parquet-writers";
import { project } from "./suites/project";
import { query } from "./suites/query";
import { sdk } from "./suites/sdk";
import { smoke } from "./suites/smoke";
import type { BenchSuite } from "./suite";

/** `npm run bench -- <suite> [--param value ...]`: run one suite, print a table, write .bench/<suite>.json. */
const suites: Record<string, BenchSuite> = Object.fromEntries([smoke, ingest, sdk, project, query, parquetWriters, lake].map((suite) => [suite.name, suite]));

const [name, ...rest] = process.argv.slice(2);
const suite = name ? suites[name] : undefined;
if (!suite) {
  console.error(`Usage: npm run bench -- <suite> [--<param> <value> ...]\nSuites:\n${Object.values(suites).map((s) => `  ${s.name.padEnd(10)} ${s.description}`).join("\n")}`);
  process.exit(2);
}
const params = { ...suite.params };
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i]!.replace(/^--/, "").replaceAll("-", "_");
  const value = rest[i + 1];
  if (!(key in params) || value === undefined) {
    console.error(`Unknown or valueless parameter --${key}. Parameters of ${suite.name}: ${Object.keys(params).join(", ")}`);
    process.exit(2);
  }
  params[key] = typeof params[key] === "number" ? Number(value) : value;
}

const metrics = await suite.run(params);
const report = { suite: suite.name, params, metrics, machine: { cpus: os.cpus().length, node: process.version }, at: new Date().toISOString() };
fs.mkdirSync(".bench", { recursive: true });
fs.writeFileSync(`.bench/${suite.name}.json`, `${JSON.stringify(report, null, 2)}\n`);

const width = Math.max(...Object.keys(metrics).map((k) => k.length));
console.log(`\n${suite.name}: ${suite.description}`);
console.log(`params: ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(" ")}\n`);
for (const [key, value] of Object.entries(metrics)) console.log(`  ${key.padEnd(width)}  ${value.toLocaleString("en-US")}`);
console.log(`\nwrote .bench/${suite.name}.json`);
