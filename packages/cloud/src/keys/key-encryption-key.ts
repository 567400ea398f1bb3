import { createHash, randomBytes } from "node:crypto";
import { KeyMaterialError } from "./errors/key-material-error.js";
import { contextBytes, open, seal } from "./sealed-box.js";

/** Length of a key-encryption key and of every data key: AES-256. */
export const KEY_BYTES = 32;

/**
 * The key-encryption key (KEK): it wraps each subject's data key and never
 * touches data itself. It comes from configuration (see
 * {@link keyEncryptionKeyFromEnv}); only its id, a fingerprint, is stored
 * beside the wrapped keys, so a rotated deployment knows which KEK to ask
 * for. The key bytes are not reachable from outside this object.
 */
export class KeyEncryptionKey {
  /** A fingerprint of the key (16 hex digits), safe to store and log. */
  readonly id: string;
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
    this.id = createHash("sha256").update("datapact/kek-id/v1\0").update(key).digest("hex").slice(0, 16);
  }

  /** A KEK from 32 bytes of key material. Throws KeyMaterialError for any other length. */
  static fromBytes(bytes: Uint8Array, source = "key-encryption key"): KeyEncryptionKey {
    if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) {
      throw new KeyMaterialError(source, `must be exactly ${KEY_BYTES} bytes`);
    }
    return new KeyEncryptionKey(Buffer.from(bytes));
  }

  /** A random KEK: development and tests only, since everything wrapped under it dies with the process. */
  static generate(): KeyEncryptionKey {
    return new KeyEncryptionKey(randomBytes(KEY_BYTES));
  }

  /** Wraps a data key for `subjectId` (AES-256-GCM, the subject id as AAD). */
  wrap(dataKey: Uint8Array, subjectId: string): Uint8Array {
    return seal(this.#key, dataKey, wrapContext(subjectId));
  }

  /** Unwraps a data key; throws SealedDataError when it was wrapped for another subject or by another KEK. */
  unwrap(wrapped: Uint8Array, subjectId: string): Uint8Array {
    const key = open(this.#key, wrapped, wrapContext(subjectId), `data key of subject ${subjectId}`);
    if (key.length !== KEY_BYTES) throw new KeyMaterialError(`data key of subject ${subjectId}`, `must be exactly ${KEY_BYTES} bytes`);
    return key;
  }

  /** Keeps the key out of logs and inspection. */
  toJSON(): { id: string } {
    return { id: this.id };
  }
}

function wrapContext(subjectId: string): Uint8Array {
  return contextBytes("datapact/data-key/v1", subjectId);
}
