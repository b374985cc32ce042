import "server-only";
import { env, lakeS3Config, type Env } from "@/lib/env";
import type { BlobStore } from "./blob-store";
import { localLakeStore } from "./local-blob-store";
import { S3BlobStore, s3ClientFor } from "./s3-blob-store";

/** The store a configuration asks for: its S3 bucket when LAKE_S3_* are set, else the local folder. */
export function createBlobStore(config: Env): BlobStore {
  const s3 = lakeS3Config(config);
  return s3 ? new S3BlobStore(s3ClientFor(s3), s3.bucket) : localLakeStore(config);
}

let cached: BlobStore | undefined;

/** This process's lake store (see createBlobStore). */
export function lakeStore(): BlobStore {
  cached ??= createBlobStore(env());
  return cached;
}
