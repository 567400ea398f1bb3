import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
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
  return sealWithNonce(key, plaintext, aad, randomBytes(NONCE_BYTES));
}

/**
 * {@link seal} for many plaintexts under one key. The nonces come from one
 * draw of the CSPRNG for the whole batch (each still 96 random bits): a
 * draw per item costs more than the AES-GCM work on small records.
 */
export function sealMany(key: Uint8Array, items: readonly { readonly plaintext: Uint8Array; readonly aad: Uint8Array }[]): Uint8Array[] {
  if (items.length === 0) return [];
  const nonces = randomBytes(NONCE_BYTES * items.length);
  // One KeyObject for the batch: given raw bytes, every createCipheriv
  // makes one of its own, about 40% of the cost of sealing a small record.
  // Like those, it lives until collected: node offers no way to wipe one.
  const keyObject = createSecretKey(key);
  return items.map((item, i) => sealWithNonce(keyObject, item.plaintext, item.aad, nonces.subarray(i * NONCE_BYTES, (i + 1) * NONCE_BYTES)));
}

function sealWithNonce(key: Uint8Array | KeyObject, plaintext: Uint8Array, aad: Uint8Array, nonce: Uint8Array): Uint8Array {
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  // GCM is a stream mode: update() returns as many bytes as it is given, final() none.
  const body = cipher.update(plaintext);
  const rest = cipher.final();
  const out = new Uint8Array(HEADER_BYTES + body.length + rest.length + TAG_BYTES);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(body, HEADER_BYTES);
  out.set(rest, HEADER_BYTES + body.length);
  out.set(cipher.getAuthTag(), HEADER_BYTES + body.length + rest.length);
  return out;
}

/**
 * Opens what {@link seal} produced under the same key and `aad`. Throws
 * SealedDataError (MALFORMED or AUTHENTICATION_FAILED) and nothing else,
 * whatever the input; `what` names the thing in the error.
 */
export function open(key: Uint8Array | KeyObject, sealed: Uint8Array, aad: Uint8Array, what: string): Uint8Array {
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
 * Opens many blobs sealed under one key (see {@link open}), with one
 * KeyObject for all of them (as {@link sealMany}).
 */
export function openMany(key: Uint8Array, items: readonly { readonly sealed: Uint8Array; readonly aad: Uint8Array }[], what: string): Uint8Array[] {
  if (items.length === 0) return [];
  const keyObject = createSecretKey(key);
  return items.map((item) => open(keyObject, item.sealed, item.aad, what));
}

/**
 * `contextBytes(...parts, last)` for many values of `last`: the leading
 * parts are encoded once (a sealer binds every record of a batch to the
 * same subject).
 */
export function contextExtender(...parts: readonly (string | Uint8Array)[]): (last: string | Uint8Array) => Uint8Array {
  const head = contextBytes(...parts);
  return (last) => {
    const size = typeof last === "string" ? Buffer.byteLength(last, "utf8") : last.byteLength;
    const out = Buffer.allocUnsafe(head.byteLength + 4 + size);
    out.set(head, 0);
    out.writeUInt32BE(size, head.byteLength);
    if (typeof last === "string") out.write(last, head.byteLength + 4, "utf8");
    else out.set(last, head.byteLength + 4);
    return out;
  };
}

/**
 * Unambiguous AAD from parts: each part length-prefixed (4 bytes), so that
 * ("ab", "c") and ("a", "bc") never collide.
 */
export function contextBytes(...parts: readonly (string | Uint8Array)[]): Uint8Array {
  // Sized first and written in place: this runs once per sealed record.
  let size = 0;
  for (const p of parts) size += 4 + (typeof p === "string" ? Buffer.byteLength(p, "utf8") : p.byteLength);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) {
    if (typeof p === "string") {
      const n = out.write(p, at + 4, "utf8");
      out.writeUInt32BE(n, at);
      at += 4 + n;
    } else {
      out.writeUInt32BE(p.byteLength, at);
      out.set(p, at + 4);
      at += 4 + p.byteLength;
    }
  }
  return out;
}
