import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { RawClient } from "@/lib/db";
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, COPY_COLUMNS, copyBinaryChunks } from "./encode-copy-binary";
import type { SeedEvent } from "./generate-traffic";

export interface CopyEventsOptions {
  /** Delete this site's events first, in the same transaction as the load. */
  replaceSiteId?: string;
  /** Bytes per chunk (on PGlite, per COPY statement). */
  chunkBytes?: number;
  /** Called after each chunk with the number of rows handed to the database so far. */
  onProgress?: (loaded: number) => void;
}

/**
 * Chunk sizes as measured (1M events): PGlite took 15.5 s with 256 KB
 * statements and ~14 s with anything from 1 to 32 MB; a server stream did
 * best with 1 MB (4.5 s, against 5.0 s for 256 KB or 8 MB), small enough
 * that generating and loading overlap.
 */
const DEFAULT_CHUNK_BYTES = { pglite: 8 << 20, server: 1 << 20 } as const;

export interface CopyEventsResult {
  loaded: number;
  /** Events of `replaceSiteId` deleted first. */
  deleted: number;
}

/**
 * Bulk-load events with binary COPY in one transaction: readers see all of
 * them or none, and with `replaceSiteId` the old events and the new never
 * mix. Rows are pulled from `rows` a chunk at a time, so any number streams
 * through in bounded memory.
 */
export async function copyEvents(raw: RawClient, rows: Iterable<SeedEvent>, options: CopyEventsOptions = {}): Promise<CopyEventsResult> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES[raw.driver === "pglite" ? "pglite" : "server"];
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive whole number, got ${chunkBytes}`);
  return raw.driver === "pglite"
    ? copyIntoPglite(raw.client, rows, chunkBytes, options)
    : copyIntoServer(raw.pool as pg.Pool, rows, chunkBytes, options);
}

async function copyIntoPglite(client: PGlite, rows: Iterable<SeedEvent>, chunkBytes: number, options: CopyEventsOptions): Promise<CopyEventsResult> {
  let loaded = 0;
  let deleted = 0;
  await client.transaction(async (tx: Transaction) => {
    if (options.replaceSiteId) {
      deleted = (await tx.query("DELETE FROM events WHERE site_id = $1", [options.replaceSiteId])).affectedRows ?? 0;
    }
    // PGlite has no COPY FROM STDIN; it reads a Blob through its /dev/blob device instead.
    for (const chunk of copyBinaryChunks(rows, chunkBytes)) {
      const blob = new Blob([COPY_BINARY_HEADER, chunk.bytes, COPY_BINARY_TRAILER]);
      await tx.query(`COPY events (${COPY_COLUMNS}) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob });
      loaded += chunk.rows;
      options.onProgress?.(loaded);
    }
  });
  return { loaded, deleted };
}

const LOAD_TIMEOUT_MS = 24 * 3_600_000;

async function copyIntoServer(pool: pg.Pool, rows: Iterable<SeedEvent>, chunkBytes: number, options: CopyEventsOptions): Promise<CopyEventsResult> {
  // The Neon pool hands out pg-compatible clients, so one path serves both drivers.
  const client = await pool.connect();
  let loaded = 0;
  let deleted = 0;
  try {
    await client.query("BEGIN");
    if (options.replaceSiteId) {
      deleted = (await client.query("DELETE FROM events WHERE site_id = $1", [options.replaceSiteId])).rowCount ?? 0;
    }
    const stream = function* () {
      yield COPY_BINARY_HEADER;
      for (const chunk of copyBinaryChunks(rows, chunkBytes)) {
        yield chunk.bytes;
        loaded += chunk.rows;
        options.onProgress?.(loaded);
      }
      yield COPY_BINARY_TRAILER;
    };
    // highWaterMark 1: generate only as fast as the server takes rows, so
    // progress follows the load and memory stays at a chunk or two.
    // Millions of rows are one statement: the pool's query_timeout (15 s, for
    // the app's queries) cut loads short once the disk slowed; this one gets a day.
    const copy = Object.assign(copyFrom(`COPY events (${COPY_COLUMNS}) FROM STDIN WITH (FORMAT binary)`), { query_timeout: LOAD_TIMEOUT_MS });
    await pipeline(Readable.from(stream(), { highWaterMark: 1 }), client.query(copy));
    await client.query("COMMIT");
    return { loaded, deleted };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
