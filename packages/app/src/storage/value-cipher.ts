import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM over one stored value. The storage key is the additional
 * authenticated data, so a value moved to another key does not open.
 * Layout: IV (12) | tag (16) | ciphertext.
 */
export function sealValue(encryptionKey: Uint8Array, storageKey: string, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  cipher.setAAD(Buffer.from(storageKey, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens a value sealed by {@link sealValue}; undefined when it does not authenticate. */
export function openValue(encryptionKey: Uint8Array, storageKey: string, sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(storageKey, "utf8"));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]));
  } catch {
    return undefined;
  }
}
