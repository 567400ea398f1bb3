import type { KeyValueBackend } from "./key-value-backend.js";

/** A {@link KeyValueBackend} in memory; values are copied in and out. */
export class MemoryBackend implements KeyValueBackend {
  private readonly values = new Map<string, Uint8Array>();

  async read(key: string): Promise<Uint8Array | undefined> {
    return this.values.get(key)?.slice();
  }

  async write(key: string, value: Uint8Array): Promise<void> {
    this.values.set(key, value.slice());
  }

  async remove(key: string): Promise<boolean> {
    return this.values.delete(key);
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()].sort();
  }

  async clear(): Promise<void> {
    this.values.clear();
  }
}
