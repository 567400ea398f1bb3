import { InvalidStorageKeyError } from "../errors/invalid-storage-key-error.js";
import { isStorageKey, type AppStorage } from "./app-storage.js";

/**
 * An {@link AppStorage} in memory. Values are copied in and out, so callers
 * cannot change what is stored by mutating a buffer. It does not encrypt
 * (nothing reaches a disk), so it reports `encryptsAtRest: false` and the SDK
 * treats it like a plain store.
 */
export class MemoryAppStorage implements AppStorage {
  readonly encryptsAtRest = false;
  private readonly values = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const value = this.values.get(key);
    return value && value.slice();
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    this.values.set(key, value.slice());
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.values.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

function checkKey(key: string): void {
  if (!isStorageKey(key)) throw new InvalidStorageKeyError();
}
