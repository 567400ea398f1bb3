import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileBackend, MemoryBackend, type KeyValueBackend } from "../../src/index.js";

export interface BackendUnderTest {
  readonly backend: KeyValueBackend;
  /** Every stored byte, concatenated: what a forensic read of the flash would find. */
  rawBytes(): Promise<Buffer>;
  /** Number of files (file backend) or keys (memory) present. */
  entries(): Promise<number>;
  dispose(): Promise<void>;
}

const created: string[] = [];

export const backendKinds: Record<"memory" | "file", () => Promise<BackendUnderTest>> = {
  async memory() {
    const backend = new MemoryBackend();
    return {
      backend,
      async rawBytes() {
        const parts: Buffer[] = [];
        for (const k of await backend.list()) parts.push(Buffer.from(k), Buffer.from((await backend.read(k))!));
        return Buffer.concat(parts);
      },
      entries: async () => (await backend.list()).length,
      dispose: async () => undefined,
    };
  },
  async file() {
    // A unique directory per run, so concurrent runs never share files.
    const dir = await mkdtemp(join(tmpdir(), "datapact-device-test-"));
    created.push(dir);
    const backend = new FileBackend(join(dir, "store"));
    return {
      backend,
      async rawBytes() {
        await backend.list(); // creates the directory if nothing was ever written
        const parts: Buffer[] = [];
        for (const name of await readdir(backend.directory)) parts.push(Buffer.from(name), await readFile(join(backend.directory, name)));
        return Buffer.concat(parts);
      },
      entries: async () => {
        await backend.list();
        return (await readdir(backend.directory)).length;
      },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};
