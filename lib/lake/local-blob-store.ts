import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { authSecretOrThrow, type Env } from "@/lib/env";
import { assertBlobKey, assertBlobPrefix, assertSignedUrlTtl } from "./blob-key";
import type { BlobStore } from "./blob-store";
import { signLakeUrl } from "./signed-url";

const CHUNK_BYTES = 256 * 1024;

/** A lake file opened for reading: its size and a stream of any byte range of it. */
export interface OpenedBlob {
  size: number;
  /** Bytes `start` to `end` inclusive; closes the file when done or cancelled. */
  stream(start: number, end: number): ReadableStream<Uint8Array>;
  /** Closes the file without streaming (HEAD, 416). */
  close(): Promise<void>;
}

const isMissing = (error: unknown) => ["ENOENT", "ENOTDIR", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "");

/**
 * The embedded default: one file per key under `root` (DATA_DIR/lake), served
 * by app/api/lake with URLs signed by `secret()`. Keys are checked before any
 * path is built (blob-key.ts), so no key reaches outside `root`.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = "local";

  constructor(
    readonly root: string,
    /** AUTH_SECRET; read only when a URL is signed, so storing works without it. */
    private readonly secret: () => string,
  ) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...assertBlobKey(key).split("/"));
  }

  /**
   * Writes a temp file beside the target, fsyncs it, renames it over the key
   * and fsyncs the folder: a crash leaves the old file or the new one, never
   * half of one. Temp names start with "." and so are never keys.
   */
  async put(key: string, body: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
    const file = await fs.open(temp, "wx");
    try {
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    const folder = await fs.open(dir, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.pathOf(key)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const stat = await fs.stat(this.pathOf(key));
      return stat.isFile() ? stat.size : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await fs.unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertBlobPrefix(prefix);
    // Walk only the deepest folder the prefix names in full.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const keys: string[] = [];
    const walk = async (relative: string) => {
      let entries;
      try {
        entries = await fs.readdir(path.join(this.root, ...relative.split("/").filter(Boolean)), { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(".")) continue; // temp files of writes in flight
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(folder);
    // Code-unit order equals S3's byte order here: keys are ASCII.
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    assertBlobKey(key);
    assertSignedUrlTtl(ttlSeconds);
    return signLakeUrl(this.secret(), key, Math.floor(Date.now() / 1000) + ttlSeconds);
  }

  /** The file under `key` for the serving route, or null when there is none. */
  async open(key: string): Promise<OpenedBlob | null> {
    let file;
    try {
      file = await fs.open(this.pathOf(key), "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const stat = await file.stat();
    if (!stat.isFile()) {
      await file.close();
      return null;
    }
    const handle = file;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      size: stat.size,
      close,
      stream(start, end) {
        let position = start;
        return new ReadableStream<Uint8Array>({
          async pull(controller) {
            const length = Math.min(CHUNK_BYTES, end + 1 - position);
            if (length <= 0) {
              await close();
              controller.close();
              return;
            }
            const { bytesRead, buffer } = await handle.read(new Uint8Array(length), 0, length, position);
            if (bytesRead === 0) {
              // The file shrank under us; keys are immutable, so this is a fault, not a state.
              await close();
              controller.error(new Error(`lake file ${key} ended early`));
              return;
            }
            position += bytesRead;
            controller.enqueue(buffer.subarray(0, bytesRead));
          },
          cancel: close,
        });
      },
    };
  }
}

/** The local folder of the embedded default: DATA_DIR/lake. */
export function localLakeStore(config: Env): LocalBlobStore {
  return new LocalBlobStore(path.resolve(config.DATA_DIR, "lake"), () => authSecretOrThrow(config));
}
