import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyValueBackend } from "./key-value-backend.js";

const SUFFIX = ".rec";
const TEMP_MARK = ".tmp-";

/** Keys become hex file names: no path traversal, no case folding, no characters a file system refuses. */
function fileNameOf(key: string): string {
  return Buffer.from(key, "utf8").toString("hex") + SUFFIX;
}

function keyOf(fileName: string): string | undefined {
  if (!fileName.endsWith(SUFFIX)) return undefined;
  const hex = fileName.slice(0, -SUFFIX.length);
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) return undefined;
  return Buffer.from(hex, "hex").toString("utf8");
}

/**
 * A {@link KeyValueBackend} in one directory, one file per key. Writes go to
 * a temporary file renamed over the old one, so a crash leaves the old value
 * or the new. `clear()` removes every entry of the directory (leftover
 * temporary files too) and keeps the directory.
 */
export class FileBackend implements KeyValueBackend {
  private ready: Promise<void> | undefined;

  constructor(readonly directory: string) {}

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    await this.ensureDirectory();
    try {
      return new Uint8Array(await readFile(join(this.directory, fileNameOf(key))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(key: string, value: Uint8Array): Promise<void> {
    await this.ensureDirectory();
    const target = join(this.directory, fileNameOf(key));
    const temp = `${target}${TEMP_MARK}${randomBytes(6).toString("hex")}`;
    try {
      await writeFile(temp, value, { mode: 0o600 });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async remove(key: string): Promise<boolean> {
    await this.ensureDirectory();
    try {
      await rm(join(this.directory, fileNameOf(key)));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    await this.ensureDirectory();
    const keys: string[] = [];
    for (const name of await readdir(this.directory)) {
      const key = keyOf(name);
      if (key !== undefined) keys.push(key);
    }
    return keys.sort();
  }

  async clear(): Promise<void> {
    await this.ensureDirectory();
    for (const name of await readdir(this.directory)) await rm(join(this.directory, name), { recursive: true, force: true });
  }
}
