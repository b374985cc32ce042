import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { lakeFiles, type LakeFileKind, type LakeFileRow } from "@/lib/db/schema";
import type { Database } from "@/lib/db";

/** A file to list in the manifest; times are microseconds since the epoch. */
export interface LakeFileEntry {
  siteId: string;
  kind: LakeFileKind;
  key: string;
  day: string;
  minTs: bigint;
  maxTs: bigint;
  rows: number;
  bytes: number;
  schemaVersion: number;
  sha256: string;
}

/**
 * The live daily file of a site-day, or null; the partition stays locked
 * until the transaction ends, so two exports of it (even its first two)
 * replace its row one after the other and each knows which key it replaced.
 */
export async function lockDailyLakeFile(tx: Database, siteId: string, day: string): Promise<LakeFileRow | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`lake_files:${siteId}:${day}:daily`}, 0))`);
  const [row] = await tx
    .select()
    .from(lakeFiles)
    .where(and(eq(lakeFiles.siteId, siteId), eq(lakeFiles.day, day), eq(lakeFiles.kind, "daily")))
    .for("update");
  return row ?? null;
}

/** Make `entry` the site-day's daily file: insert its row, or overwrite `current` (from lockDailyLakeFile) in place. */
export async function putDailyLakeFile(tx: Database, current: LakeFileRow | null, entry: LakeFileEntry): Promise<void> {
  const values = { ...entry, minTs: timestampFromMicros(entry.minTs), maxTs: timestampFromMicros(entry.maxTs) };
  if (current) await tx.update(lakeFiles).set({ ...values, createdAt: sql`now()` }).where(eq(lakeFiles.id, current.id));
  else await tx.insert(lakeFiles).values(values);
}

/**
 * A timestamptz from microseconds since the epoch, exactly: a JS Date has
 * milliseconds only, and to_timestamp() goes through a double.
 */
export function timestampFromMicros(micros: bigint): SQL<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${micros.toString()}::bigint * interval '1 microsecond')`;
}
