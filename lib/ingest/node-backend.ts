import "server-only";
import type { CollectorBackend } from "@/edge/collector/collector-backend";
import { getDb } from "@/lib/db";
import { appendEvents, databaseBackend, ROWS_PER_APPEND } from "./database-backend";
import { groupCommit } from "./group-commit";

let backend: Promise<CollectorBackend> | undefined;

/**
 * The Node side's backend over the app's database: concurrent collector
 * requests share one insert (group commit), which is what lets one embedded
 * database keep up. One per process, so every request joins the same group.
 */
export function nodeBackend(): Promise<CollectorBackend> {
  backend ??= getDb().then((db) => databaseBackend(db, { append: groupCommit((rows) => appendEvents(db, rows), ROWS_PER_APPEND) }));
  return backend;
}

/** `withBackend` for the collector's Node route. */
export async function withNodeBackend<T>(work: (backend: CollectorBackend) => Promise<T>): Promise<T> {
  return work(await nodeBackend());
}
