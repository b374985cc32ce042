import { parseArgs } from "node:util";
import { z } from "zod";

export interface ExportSiteArgs {
  siteId: string;
  out: string;
  help: boolean;
}

export const EXPORT_USAGE = `Usage: npm run export -- --site <site id> --out <file.parquet>

Writes every event of the site (the lake's Parquet files and the hot log in
Postgres together, each event once) to one Parquet file with the lake's columns,
sorted by time.

  --site ID     the site's id (a UUID, as in /sites/<id>)
  --out FILE    the Parquet file to write; replaced if it exists`;

/** A bad command line; the message names the flag and what it wants. */
export class ExportArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportArgsError";
  }
}

/** Parse `npm run export` flags (`--site x` and `--site=x` alike). */
export function parseExportArgs(argv: readonly string[]): ExportSiteArgs {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { site: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    // node:util's messages name the offending flag; keep them, drop the stack.
    throw new ExportArgsError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { siteId: "", out: "", help: true };
  if (positionals.length > 0) throw new ExportArgsError(`Unexpected argument "${positionals[0]}": pass the site as --site <id> and the file as --out <file>`);
  const siteId = typeof values.site === "string" ? values.site.trim() : "";
  const out = typeof values.out === "string" ? values.out.trim() : "";
  if (!siteId) throw new ExportArgsError("--site is required: the id of the site to export");
  if (!z.guid().safeParse(siteId).success) throw new ExportArgsError(`--site must be a site id (a UUID), got "${siteId}"`);
  if (!out) throw new ExportArgsError("--out is required: the Parquet file to write");
  return { siteId: siteId.toLowerCase(), out, help: false };
}
