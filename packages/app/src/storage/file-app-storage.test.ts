import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppSdkError } from "../errors/app-sdk-error.js";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import { InvalidEncryptionKeyError } from "../errors/invalid-encryption-key-error.js";
import { InvalidStorageKeyError } from "../errors/invalid-storage-key-error.js";
import { StorageEncryptionMismatchError } from "../errors/storage-encryption-mismatch-error.js";
import { FileAppStorage } from "./file-app-storage.js";
import { MemoryAppStorage } from "./memory-app-storage.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "datapact-storage-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileAppStorage", () => {
  it("stores, lists by prefix in order, replaces and deletes", async () => {
    const s = await FileAppStorage.open(dir);
    await s.set("q.0002", bytes("b"));
    await s.set("q.0001", bytes("a"));
    await s.set("other", bytes("x"));
    expect(await s.keys("q.")).toEqual(["q.0001", "q.0002"]);
    await s.set("q.0001", bytes("a2"));
    expect(text(await s.get("q.0001"))).toBe("a2");
    await s.delete("q.0001");
    await s.delete("q.0001");
    expect(await s.get("q.0001")).toBeUndefined();
    expect(await s.keys("")).toEqual(["other", "q.0002"]);
  });

  it("keeps every value across a reopen of the same directory", async () => {
    const first = await FileAppStorage.open(dir);
    await first.set("consent-state", bytes("state"));
    const second = await FileAppStorage.open(dir);
    expect(text(await second.get("consent-state"))).toBe("state");
  });

  it("writes through a temporary file and leaves none behind; removes a crash's leftovers on open", async () => {
    const s = await FileAppStorage.open(dir);
    await s.set("k", bytes("v"));
    expect((await readdir(dir)).sort()).toEqual(["k.bin"]);
    await writeFile(join(dir, ".k.deadbeef.tmp"), "half-written personal data");
    await FileAppStorage.open(dir);
    expect(await readdir(dir)).toEqual(["k.bin"]);
  });

  it("refuses keys that could leave the directory or hide files", async () => {
    const s = await FileAppStorage.open(dir);
    for (const key of ["", "../x", "a/b", ".hidden", "x".repeat(129), "a b", "é"]) {
      await expect(s.set(key, bytes("v"))).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(s.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await readdir(dir)).toEqual([]);
  });

  describe("with an encryption key", () => {
    const key = randomBytes(32);

    it("never writes the value in the clear, and reads it back after a reopen", async () => {
      const s = await FileAppStorage.open(dir, { encryptionKey: key });
      expect(s.encryptsAtRest).toBe(true);
      await s.set("k", bytes("CANARY-secret-value"));
      expect((await readFile(join(dir, "k.bin"))).includes(Buffer.from("CANARY-secret-value"))).toBe(false);
      const again = await FileAppStorage.open(dir, { encryptionKey: key });
      expect(text(await again.get("k"))).toBe("CANARY-secret-value");
    });

    it("refuses another key, a missing key, a plain file, and a value moved to another name", async () => {
      const s = await FileAppStorage.open(dir, { encryptionKey: key });
      await s.set("k", bytes("v"));
      await expect((await FileAppStorage.open(dir, { encryptionKey: randomBytes(32) })).get("k")).rejects.toBeInstanceOf(CorruptStateError);
      await expect((await FileAppStorage.open(dir)).get("k")).rejects.toBeInstanceOf(StorageEncryptionMismatchError);
      await (await FileAppStorage.open(dir)).delete("k");
      await (await FileAppStorage.open(dir)).set("plain", bytes("p"));
      await expect(s.get("plain")).rejects.toBeInstanceOf(StorageEncryptionMismatchError);
      await s.set("a", bytes("v"));
      await rename(join(dir, "a.bin"), join(dir, "b.bin"));
      await expect(s.get("b")).rejects.toBeInstanceOf(CorruptStateError);
    });

    it("takes 32-byte keys only", async () => {
      await expect(FileAppStorage.open(dir, { encryptionKey: randomBytes(16) })).rejects.toBeInstanceOf(InvalidEncryptionKeyError);
    });
  });

  it("answers any file content with a value or a typed error, and changes nothing (fuzz)", async () => {
    const plain = await FileAppStorage.open(dir);
    const sealed = await FileAppStorage.open(dir, { encryptionKey: randomBytes(32) });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 96 }), async (content) => {
        await writeFile(join(dir, "fuzz.bin"), content);
        for (const s of [plain, sealed]) {
          try {
            await s.get("fuzz");
          } catch (err) {
            expect(err).toBeInstanceOf(AppSdkError);
          }
        }
        expect(new Uint8Array(await readFile(join(dir, "fuzz.bin")))).toEqual(content);
      }),
      replayable("file storage reads arbitrary file content", 200),
    );
  });
});

describe("MemoryAppStorage", () => {
  it("copies values in and out", async () => {
    const s = new MemoryAppStorage();
    const value = bytes("abc");
    await s.set("k", value);
    value[0] = 0;
    const out = (await s.get("k"))!;
    out[1] = 0;
    expect(text(await s.get("k"))).toBe("abc");
    expect(s.encryptsAtRest).toBe(false);
    await expect(s.set("../k", value)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });
});
