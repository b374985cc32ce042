import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database } from "@/lib/db";
import { lakeFiles, sites } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { sqlIdentifier, sqlPath, withDuckDB } from "./parquet-duckdb";
import { lakeEventOfRow, LAKE_EVENT_COLUMNS } from "./log-events";
import { LAKE_COLUMNS, LAKE_ROW_GROUP_ROWS, LAKE_SCHEMA_VERSION, type LakeEvent } from "./parquet-schema";
import { writeEventsParquet } from "./parquet-writer";

/** How far an export has got, for a progress line. */
export type ExportSiteProgress =
  | { stage: "log"; rows: number }
  | { stage: "lake"; files: number; totalFiles: number }
  | { stage: "writing"; inputFiles: number };

export interface ExportSiteOptions {
  onProgress?: (progress: ExportSiteProgress) => void;
}

/** A site export that could not run (unknown site, unwritable output, a listed lake file missing); the output path is untouched. */
export class SiteExportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SiteExportFailed";
  }
}

/** Rows read from the log per query. */
const PAGE_ROWS = 10_000;
/** Log rows per staged Parquet file: what one writer holds in DuckDB at a time. */
const STAGE_ROWS = 100_000;

/**
 * Write every event of a site, from the lake files its manifest lists and
 * from the hot log, to one Parquet file at `outPath` with the lake's layout
 * (columns, v2 pages, ZSTD, row groups, `inlet_schema_version`), sorted by
 * (ts, seq), each event (by its log `seq`) once. Returns the rows written.
 *
 * An event in both places is taken from the log: it is the source the lake
 * files were written from, and the two copies are identical by construction.
 *
 * Memory stays bounded: the log is staged page by page into Parquet files of
 * STAGE_ROWS rows, lake files are copied one at a time into a scratch folder,
 * and DuckDB dedupes, sorts and writes from those files, spilling to disk
 * when the site is larger than memory. The result is written beside
 * `outPath` and renamed over it, so a failed export leaves no half file.
 */
export async function exportSiteEvents(db: Database, store: BlobStore, siteId: string, outPath: string, options: ExportSiteOptions = {}): Promise<number> {
  const { onProgress } = options;
  if (!z.guid().safeParse(siteId).success) throw new SiteExportFailed(`No site ${siteId}: a site id is a UUID`);
  const [site] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw new SiteExportFailed(`No site ${siteId}`);

  const target = path.resolve(outPath);
  const partial = await reserveOutput(target);
  try {
    const rows = await withDuckDB(async (connection, scratch) => {
      // Spill the dedupe and sort to the scratch folder, not the process's cwd.
      await connection.run(`SET temp_directory = ${sqlPath(path.join(scratch, "spill"))}`);
      await connection.run("SET preserve_insertion_order = false");

      // The log first, then the manifest: hot rows are deleted only after
      // their day is listed in the lake, so a row gone from the log by the
      // time it is read is in a file the later manifest read lists.
      const logFiles = await stageLog(db, siteId, scratch, onProgress);
      const lakeKeys = await db.select({ key: lakeFiles.key }).from(lakeFiles).where(eq(lakeFiles.siteId, siteId)).orderBy(asc(lakeFiles.day), asc(lakeFiles.key));
      const lakePaths: string[] = [];
      for (const { key } of lakeKeys) {
        const bytes = await store.get(key);
        if (!bytes) throw new SiteExportFailed(`${key} is listed in the lake manifest but missing from the store (replaced by a concurrent export? run again)`);
        const file = path.join(scratch, `lake-${lakePaths.length}.parquet`);
        await fs.writeFile(file, bytes);
        lakePaths.push(file);
        onProgress?.({ stage: "lake", files: lakePaths.length, totalFiles: lakeKeys.length });
      }

      onProgress?.({ stage: "writing", inputFiles: logFiles.length + lakePaths.length });
      const names = LAKE_COLUMNS.map((column) => sqlIdentifier(column.name)).join(", ");
      const fileList = (files: string[]) => `[${files.map(sqlPath).join(", ")}]`;
      const sources = [`SELECT ${names}, 0 AS "source" FROM read_parquet(${fileList(logFiles)})`];
      // union_by_name: files of older layouts still line up by column name.
      if (lakePaths.length > 0) sources.push(`SELECT ${names}, 1 AS "source" FROM read_parquet(${fileList(lakePaths)}, union_by_name = true) WHERE "site_id" = '${siteId}'::UUID`);
      await connection.run(
        `COPY (
           SELECT ${names} FROM (${sources.join(" UNION ALL ")})
           QUALIFY row_number() OVER (PARTITION BY "seq" ORDER BY "source") = 1
           ORDER BY "ts", "seq"
         ) TO ${sqlPath(partial)}
         (FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, ROW_GROUP_SIZE ${LAKE_ROW_GROUP_ROWS},
          KV_METADATA {inlet_schema_version: '${LAKE_SCHEMA_VERSION}'})`,
      );
      const [counted] = (await connection.runAndReadAll(`SELECT count(*) AS "rows" FROM read_parquet(${sqlPath(partial)})`)).getRowObjectsJS();
      return Number(counted!.rows);
    });
    await fs.rename(partial, target);
    return rows;
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

/**
 * Check the output can be written before any work: create an empty temp
 * file beside it (the export's own, renamed over it at the end).
 */
async function reserveOutput(target: string): Promise<string> {
  const stat = await fs.stat(target).catch(() => null);
  if (stat?.isDirectory()) throw new SiteExportFailed(`Cannot write ${target}: it is a folder`);
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  try {
    await (await fs.open(partial, "wx")).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? `its folder ${path.dirname(target)} does not exist` : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : code === "ENOTDIR" ? "a parent is not a folder" : String(error);
    throw new SiteExportFailed(`Cannot write ${target}: ${reason}`);
  }
  return partial;
}

/**
 * The site's log as Parquet files in `scratch`, STAGE_ROWS rows each (at
 * least one, maybe empty, so the final query always has the columns). Pages
 * follow the primary key (site_id, id); order does not matter here, the
 * final query sorts.
 */
async function stageLog(db: Database, siteId: string, scratch: string, onProgress: ExportSiteOptions["onProgress"]): Promise<string[]> {
  const files: string[] = [];
  let after: string | null = null;
  let exhausted = false;
  let rows = 0;
  async function* stage(): AsyncGenerator<LakeEvent[]> {
    for (let staged = 0; staged < STAGE_ROWS; ) {
      const { page, lastId } = await readLogPage(db, siteId, after);
      if (lastId) {
        after = lastId;
        staged += page.length;
        rows += page.length;
        onProgress?.({ stage: "log", rows });
        yield page;
      }
      if (page.length < PAGE_ROWS) {
        exhausted = true;
        return;
      }
    }
  }
  while (!exhausted || files.length === 0) {
    const bytes = await writeEventsParquet(stage());
    const file = path.join(scratch, `log-${files.length}.parquet`);
    await fs.writeFile(file, bytes);
    files.push(file);
  }
  return files;
}

/** One page of the site's log in id order, after id `after`, as the lake stores events, and the page's last id. */
async function readLogPage(db: Database, siteId: string, after: string | null): Promise<{ page: LakeEvent[]; lastId: string | null }> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT ${LAKE_EVENT_COLUMNS}, id::text AS "pageKey"
        FROM events
        WHERE site_id = ${siteId} ${after ? sql`AND id > ${after}::uuid` : sql``}
        ORDER BY id
        LIMIT ${PAGE_ROWS}`,
  );
  return { page: rows.map(lakeEventOfRow), lastId: (rows.at(-1)?.pageKey as string | undefined) ?? null };
}
