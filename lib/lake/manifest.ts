import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { lakeFiles, type LakeFileKind } from "@/lib/db/schema";
import type { Transaction } from "@/lib/projections/projection";

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

/** List `entries` in the manifest, inside the caller's transaction. */
export async function insertLakeFiles(tx: Transaction, entries: readonly LakeFileEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(lakeFiles).values(entries.map((entry) => ({ ...entry, minTs: timestampFromMicros(entry.minTs), maxTs: timestampFromMicros(entry.maxTs) })));
}

/**
 * A timestamptz from microseconds since the epoch, exactly: a JS Date has
 * milliseconds only, and to_timestamp() goes through a double.
 */
export function timestampFromMicros(micros: bigint): SQL<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${micros.toString()}::bigint * interval '1 microsecond')`;
}
