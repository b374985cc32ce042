import "server-only";
import type { Database } from "@/lib/db";
import type { LakeFileKind } from "@/lib/db/schema";
import type { BlobStore } from "./blob-store";
import { registerPendingBlobs } from "./lake-garbage";
import type { LakeFileEntry } from "./manifest";
import { readParquetSummary } from "./parquet-reader";
import { LAKE_SCHEMA_VERSION } from "./parquet-schema";
import { sha256Hex, writeEventsParquet, type LakeEventSource } from "./parquet-writer";

/** A lake write that would lose or duplicate events, or could not be verified; the manifest did not change. */
export class LakeExportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LakeExportFailed";
  }
}

/** The file name's prefix per kind: daily files keep the name the first exporter gave them. */
const NAME_OF_KIND: Record<LakeFileKind, string> = { micro: "micro", daily: "events", monthly: "monthly" };

/**
 * Write `events` as one Parquet file of a site's partition `day` and upload
 * it, unlisted: registered as pending first (lib/lake/lake-garbage.ts), then
 * uploaded, read back and checked (size, SHA-256) against what was written,
 * and the file's own row count against `expectedRows`. Returns the manifest
 * entry the caller lists in its transaction.
 *
 * The key ends in the first 16 hex digits of the file's SHA-256 and the same
 * events give the same bytes, so a retry writes the same object again and a
 * listed key never names a different or half-written file.
 */
export async function writeLakeFile(
  db: Database,
  store: BlobStore,
  target: { siteId: string; kind: LakeFileKind; day: string },
  events: LakeEventSource,
  expectedRows: number,
): Promise<LakeFileEntry> {
  const { siteId, kind, day } = target;
  const bytes = await writeEventsParquet(events);
  const summary = await readParquetSummary(bytes);
  if (summary.rows !== expectedRows || summary.minTs === null || summary.maxTs === null) {
    throw new LakeExportFailed(`a ${kind} file of ${day} of site ${siteId} came out with ${summary.rows} events, not ${expectedRows}`);
  }
  const sha256 = sha256Hex(bytes);
  const key = `site=${siteId}/date=${day}/${NAME_OF_KIND[kind]}-${sha256.slice(0, 16)}.parquet`;
  await uploadVerified(db, store, { siteId, key, bytes, sha256 });
  return { siteId, kind, key, day, minTs: summary.minTs, maxTs: summary.maxTs, rows: summary.rows, bytes: bytes.length, schemaVersion: LAKE_SCHEMA_VERSION, sha256 };
}

/**
 * Upload a blob the lake will list, unlisted: registered as pending first
 * (so a crash leaves it to the garbage collector), uploaded, then read back
 * and compared (size and SHA-256, `sha256` being the caller's of `bytes`)
 * with what was written.
 */
export async function uploadVerified(db: Database, store: BlobStore, blob: { siteId: string; key: string; bytes: Uint8Array; sha256: string }): Promise<void> {
  const { siteId, key, bytes, sha256 } = blob;
  await registerPendingBlobs(db, [{ siteId, key }]);
  await store.put(key, bytes);
  const stored = await store.get(key);
  if (!stored || stored.length !== bytes.length || sha256Hex(stored) !== sha256) {
    throw new LakeExportFailed(`${key} does not read back as the ${bytes.length} bytes written`);
  }
}

/** A listed file's bytes from the store, checked against its manifest checksum. */
export async function readListedFile(store: BlobStore, file: { key: string; sha256: string }): Promise<Uint8Array> {
  const bytes = await store.get(file.key);
  if (!bytes) throw new LakeExportFailed(`${file.key} is listed but missing from the store`);
  if (sha256Hex(bytes) !== file.sha256) throw new LakeExportFailed(`${file.key} does not match its manifest checksum`);
  return bytes;
}
