import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SealedDataError } from "./errors/sealed-data-error.js";

// Layout: version (1 byte) | nonce (12) | ciphertext | GCM tag (16).
const VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

/** Bytes added to the plaintext by {@link seal}. */
export const SEAL_OVERHEAD = HEADER_BYTES + TAG_BYTES;

/**
 * AES-256-GCM with a fresh random 96-bit nonce. `aad` binds the ciphertext
 * to its context (subject, record): the same bytes presented under another
 * context do not open. Random nonces are safe far beyond any one subject's
 * volume (the bound is around 2^32 seals per key).
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(HEADER_BYTES + body.length + TAG_BYTES);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(body, HEADER_BYTES);
  out.set(cipher.getAuthTag(), HEADER_BYTES + body.length);
  return out;
}

/**
 * Opens what {@link seal} produced under the same key and `aad`. Throws
 * SealedDataError (MALFORMED or AUTHENTICATION_FAILED) and nothing else,
 * whatever the input; `what` names the thing in the error.
 */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, what: string): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) {
    throw new SealedDataError("MALFORMED", what);
  }
  const nonce = sealed.subarray(1, HEADER_BYTES);
  const body = sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    throw new SealedDataError("AUTHENTICATION_FAILED", what);
  }
}

/**
 * Unambiguous AAD from parts: each part length-prefixed (4 bytes), so that
 * ("ab", "c") and ("a", "bc") never collide.
 */
export function contextBytes(...parts: readonly (string | Uint8Array)[]): Uint8Array {
  const encoded = parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
  const out = Buffer.alloc(encoded.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const p of encoded) {
    out.writeUInt32BE(p.length, at);
    p.copy(out, at + 4);
    at += 4 + p.length;
  }
  return out;
}
