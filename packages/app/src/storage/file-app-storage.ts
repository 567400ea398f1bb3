import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import { InvalidEncryptionKeyError } from "../errors/invalid-encryption-key-error.js";
import { InvalidStorageKeyError } from "../errors/invalid-storage-key-error.js";
import { StorageEncryptionMismatchError } from "../errors/storage-encryption-mismatch-error.js";
import { isStorageKey, type AppStorage } from "./app-storage.js";
import { openValue, sealValue } from "./value-cipher.js";

/** Options of {@link FileAppStorage.open}. */
export interface FileAppStorageOptions {
  /**
   * 32 bytes from the platform's keystore. With it every value is sealed
   * with AES-256-GCM and the SDK may keep fields the pact stores encrypted at
   * the app tier; without it those fields are never written.
   */
  readonly encryptionKey?: Uint8Array;
}

const SUFFIX = ".bin";
const TMP_SUFFIX = ".tmp";
// Every file starts with a format byte, so a plain directory opened with a key
// (or the reverse) is refused instead of misread.
const PLAIN = 0x50; // "P"
const SEALED = 0x53; // "S"

/**
 * An {@link AppStorage} in a directory: one file per key (`<key>.bin`),
 * each write to a temporary file, flushed, then renamed over the old one, so
 * a crash leaves either the old value or the new one, never a mix.
 * Temporary files left by a crash are removed when the directory is opened:
 * they can hold data the SDK meant to delete.
 */
export class FileAppStorage implements AppStorage {
  readonly encryptsAtRest: boolean;

  private constructor(
    /** The directory. */
    readonly directory: string,
    private readonly encryptionKey: Uint8Array | undefined,
  ) {
    this.encryptsAtRest = encryptionKey !== undefined;
  }

  /** Opens (creating if needed, mode 0700) the storage directory. */
  static async open(directory: string, options: FileAppStorageOptions = {}): Promise<FileAppStorage> {
    const key = options.encryptionKey;
    if (key !== undefined && key.length !== 32) throw new InvalidEncryptionKeyError(key.length);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    for (const name of await readdir(directory)) {
      if (name.startsWith(".") && name.endsWith(TMP_SUFFIX)) await rm(join(directory, name), { force: true });
    }
    return new FileAppStorage(directory, key && new Uint8Array(key));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(this.pathOf(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    const format = bytes[0];
    if (format === PLAIN) {
      if (this.encryptionKey) throw new StorageEncryptionMismatchError(key, true);
      return bytes.slice(1);
    }
    if (format === SEALED) {
      if (!this.encryptionKey) throw new StorageEncryptionMismatchError(key, false);
      const plain = openValue(this.encryptionKey, key, bytes.subarray(1));
      if (!plain) throw new CorruptStateError(key, "does not authenticate under the storage key");
      return plain;
    }
    throw new CorruptStateError(key, "unknown file format");
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    const body = this.encryptionKey
      ? concat(SEALED, sealValue(this.encryptionKey, key, value))
      : concat(PLAIN, value);
    const tmp = join(this.directory, `.${key}.${randomBytes(6).toString("hex")}${TMP_SUFFIX}`);
    const handle = await open(tmp, "w", 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.pathOf(key));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await this.syncDirectory();
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await rm(this.pathOf(key), { force: true });
    await this.syncDirectory();
  }

  async keys(prefix: string): Promise<string[]> {
    const names = await readdir(this.directory);
    return names
      .filter((n) => n.endsWith(SUFFIX) && !n.startsWith("."))
      .map((n) => n.slice(0, -SUFFIX.length))
      .filter((k) => k.startsWith(prefix) && isStorageKey(k))
      .sort();
  }

  private pathOf(key: string): string {
    return join(this.directory, key + SUFFIX);
  }

  /** Makes the rename or unlink itself durable. */
  private async syncDirectory(): Promise<void> {
    const dir = await open(this.directory, "r");
    try {
      await dir.sync();
    } catch {
      // Some file systems refuse fsync on a directory; the rename is still atomic.
    } finally {
      await dir.close();
    }
  }
}

function concat(format: number, rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(rest.length + 1);
  out[0] = format;
  out.set(rest, 1);
  return out;
}

function checkKey(key: string): void {
  if (!isStorageKey(key)) throw new InvalidStorageKeyError();
}
