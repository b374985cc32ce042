import type { BlobStore } from "../blob-store";

/**
 * A BlobStore in memory, for tests. It keeps copies, so a caller changing
 * its buffer afterwards changes nothing stored; `puts` counts writes.
 */
export class MemoryBlobStore implements BlobStore {
  readonly kind = "local";
  readonly objects = new Map<string, Uint8Array>();
  puts = 0;

  async put(key: string, body: Uint8Array): Promise<void> {
    this.puts++;
    this.objects.set(key, body.slice());
  }

  async get(key: string): Promise<Uint8Array | null> {
    return this.objects.get(key)?.slice() ?? null;
  }

  async size(key: string): Promise<number | null> {
    return this.objects.get(key)?.length ?? null;
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return `memory:///${key}?ttl=${ttlSeconds}`;
  }
}
