import { createCipheriv, createDecipheriv } from "node:crypto";
import { FrameAuthenticationError } from "../errors/frame-authentication-error.js";

/** Bytes AES-GCM adds to every sealed body. */
export const AUTH_TAG_BYTES = 16;
const NONCE_BYTES = 12;

/**
 * The GCM nonce of a frame: its sequence number, big-endian, in the last
 * four bytes. Keys are per direction and sequence numbers strictly
 * increase, so a (key, nonce) pair is never used twice.
 */
function nonceFor(sequence: number): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  new DataView(nonce.buffer).setUint32(NONCE_BYTES - 4, sequence >>> 0);
  return nonce;
}

/** Seals `plaintext` under `key`; the frame header is the AAD. Returns ciphertext followed by the tag. */
export function sealFrameBody(key: Uint8Array, sequence: number, header: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv("aes-256-gcm", key, nonceFor(sequence), { authTagLength: AUTH_TAG_BYTES });
  cipher.setAAD(header);
  const out = new Uint8Array(plaintext.length + AUTH_TAG_BYTES);
  out.set(cipher.update(plaintext), 0);
  cipher.final();
  out.set(cipher.getAuthTag(), plaintext.length);
  return out;
}

/**
 * Opens a sealed body. Throws FrameAuthenticationError when the tag does not
 * verify (tampered header or body, or another key); nothing is returned in
 * that case, not even partial plaintext.
 */
export function openFrameBody(key: Uint8Array, sequence: number, header: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < AUTH_TAG_BYTES) throw new FrameAuthenticationError(sequence);
  const ciphertext = sealed.subarray(0, sealed.length - AUTH_TAG_BYTES);
  const tag = sealed.subarray(sealed.length - AUTH_TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonceFor(sequence), { authTagLength: AUTH_TAG_BYTES });
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    const first = decipher.update(ciphertext);
    const last = decipher.final();
    return new Uint8Array(Buffer.concat([first, last]));
  } catch {
    throw new FrameAuthenticationError(sequence);
  }
}
