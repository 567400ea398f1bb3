import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { KeyEncryptionKey, keyEncryptionKeyFromEnv, KeyMaterialError, pairwiseSecretFromEnv, SealedDataError, secretFromEnv } from "../../src/index.js";

describe("KeyEncryptionKey", () => {
  const bytes = new Uint8Array(randomBytes(32));
  const kek = KeyEncryptionKey.fromBytes(bytes);

  it("wraps a data key for one subject only", () => {
    const dek = new Uint8Array(randomBytes(32));
    const wrapped = kek.wrap(dek, "subject-a");
    expect(Buffer.from(wrapped).includes(Buffer.from(dek))).toBe(false);
    expect(Buffer.from(kek.unwrap(wrapped, "subject-a")).equals(Buffer.from(dek))).toBe(true);
    expect(() => kek.unwrap(wrapped, "subject-b")).toThrow(SealedDataError);
    expect(() => KeyEncryptionKey.generate().unwrap(wrapped, "subject-a")).toThrow(SealedDataError);
  });

  it("has a stable fingerprint id and never shows its key", () => {
    const hex = Buffer.from(bytes).toString("hex");
    const b64 = Buffer.from(bytes).toString("base64");
    expect(KeyEncryptionKey.fromBytes(bytes).id).toBe(kek.id);
    expect(kek.id).toMatch(/^[0-9a-f]{16}$/);
    expect(KeyEncryptionKey.generate().id).not.toBe(kek.id);
    const shown = inspect(kek, { depth: 5, showHidden: true }) + JSON.stringify(kek);
    expect(shown).not.toContain(hex);
    expect(shown).not.toContain(b64);
    expect(shown).not.toContain(hex.slice(0, 16));
  });

  it("refuses key material of the wrong length", () => {
    expect(() => KeyEncryptionKey.fromBytes(new Uint8Array(16))).toThrow(KeyMaterialError);
    expect(() => KeyEncryptionKey.fromBytes("x".repeat(32) as never)).toThrow(KeyMaterialError);
  });
});

describe("secrets from the environment", () => {
  const good = Buffer.from(randomBytes(32)).toString("base64");

  it("reads base64 in either alphabet", () => {
    const raw = randomBytes(32);
    expect(Buffer.from(secretFromEnv("S", { env: { S: raw.toString("base64") } })).equals(raw)).toBe(true);
    expect(Buffer.from(secretFromEnv("S", { env: { S: raw.toString("base64url") } })).equals(raw)).toBe(true);
    expect(keyEncryptionKeyFromEnv({ env: { DATAPACT_KEK: good } }).id).toBe(KeyEncryptionKey.fromBytes(Buffer.from(good, "base64")).id);
    expect(pairwiseSecretFromEnv({ env: { DATAPACT_PAIRWISE_SECRET: good } }).length).toBe(32);
  });

  it("refuses a missing, non-base64 or wrong-length value, naming only the variable", () => {
    const cases: Record<string, string | undefined>[] = [{}, { DATAPACT_KEK: "not base64!!" }, { DATAPACT_KEK: Buffer.alloc(16).toString("base64") }];
    for (const env of cases) {
      const err = (() => {
        try {
          keyEncryptionKeyFromEnv({ env });
        } catch (e) {
          return e as KeyMaterialError;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(KeyMaterialError);
      expect(err!.source).toBe("DATAPACT_KEK");
      if (env.DATAPACT_KEK) expect(err!.message).not.toContain(env.DATAPACT_KEK);
    }
  });

  it("generates a random key for development only when asked, and says so loudly", () => {
    const warnings: string[] = [];
    const a = keyEncryptionKeyFromEnv({ env: {}, generateIfMissing: true, warn: (m) => warnings.push(m) });
    const b = keyEncryptionKeyFromEnv({ env: {}, generateIfMissing: true, warn: (m) => warnings.push(m) });
    expect(a.id).not.toBe(b.id);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/DATAPACT_KEK is not set.*Never run like this in production/);
  });
});
