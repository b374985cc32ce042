import "server-only";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { LakeS3Config } from "@/lib/env";
import { assertBlobKey, assertBlobPrefix, assertSignedUrlTtl, contentTypeOfKey } from "./blob-key";
import type { BlobStore } from "./blob-store";

/** The client for a configured bucket (AWS S3, or R2/MinIO at `endpoint`). */
export function s3ClientFor(config: LakeS3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Since 3.729 the SDK adds CRC checksums to every upload and asks for them
    // on every download; S3-compatible services differ in what they accept, so
    // at a custom endpoint only what the API requires is sent.
    ...(config.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  });
}

/** A missing object: GetObject's NoSuchKey, or HeadObject's bare 404 (no body to name it). */
function isMissingObject(error: unknown, operation: "get" | "head"): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  if (operation === "get") return error.name === "NoSuchKey";
  return error.$metadata.httpStatusCode === 404;
}

/** The production store: one object per key in an S3-compatible bucket; signed URLs are presigned GETs. */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType?: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType ?? contentTypeOfKey(key) }));
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertBlobKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissingObject(error, "get")) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    assertBlobKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissingObject(error, "head")) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    // S3 answers 204 for a key that is not there too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async list(prefix: string): Promise<string[]> {
    assertBlobPrefix(prefix);
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: continuationToken }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    // S3 lists in byte order already; not every compatible service promises it.
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    assertBlobKey(key);
    assertSignedUrlTtl(ttlSeconds);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: ttlSeconds });
  }
}
