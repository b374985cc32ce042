import "server-only";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { lakeFiles } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";

/** How long a browser may fetch a file it was given; it asks again for the next query. */
export const LAKE_URL_TTL_SECONDS = 10 * 60;

export interface SignedLakeFile {
  /** The file's blob key: content-addressed (it ends in its SHA-256 prefix), so a browser may cache the bytes under it for good. */
  key: string;
  kind: string;
  day: string;
  rows: number;
  bytes: number;
  schemaVersion: number;
  url: string;
}

/**
 * The site's listed lake files for local days `from`..`to` (both included),
 * each with a short-lived signed URL, oldest first. The caller has checked
 * that its reader may read the site: the URLs open only these files.
 */
export async function signedLakeFiles(db: Database, store: BlobStore, siteId: string, range: { from: string; to: string }): Promise<SignedLakeFile[]> {
  const files = await db
    .select()
    .from(lakeFiles)
    .where(and(eq(lakeFiles.siteId, siteId), gte(lakeFiles.day, range.from), lte(lakeFiles.day, range.to)))
    .orderBy(asc(lakeFiles.day), asc(lakeFiles.key));
  return Promise.all(
    files.map(async (file) => ({
      key: file.key,
      kind: file.kind,
      day: file.day,
      rows: file.rows,
      bytes: file.bytes,
      schemaVersion: file.schemaVersion,
      url: await store.signedUrl(file.key, LAKE_URL_TTL_SECONDS),
    })),
  );
}
