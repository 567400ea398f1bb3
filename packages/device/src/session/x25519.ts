import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from "node:crypto";
import { PairingError } from "../errors/pairing-error.js";

/** Size of an X25519 public key, private key and shared secret. */
export const X25519_KEY_BYTES = 32;

/** An X25519 key pair: the private key as a KeyObject, the public key raw. */
export interface X25519KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

function fromBase64Url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64url"));
}

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** A fresh X25519 key pair from node:crypto. */
export function generateX25519KeyPair(): X25519KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("x25519");
  return { privateKey, publicKey: fromBase64Url(publicKey.export({ format: "jwk" }).x!) };
}

/** The raw 32-byte private scalar, for keeping a key pair in a store. */
export function exportX25519PrivateKey(pair: X25519KeyPair): Uint8Array {
  return fromBase64Url(pair.privateKey.export({ format: "jwk" }).d!);
}

/** A key pair back from its raw private and public halves. Throws RangeError on wrong sizes or a non-matching pair. */
export function importX25519KeyPair(privateKey: Uint8Array, publicKey: Uint8Array): X25519KeyPair {
  if (privateKey.length !== X25519_KEY_BYTES || publicKey.length !== X25519_KEY_BYTES) throw new RangeError("X25519 keys are 32 bytes");
  const key = createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: toBase64Url(privateKey), x: toBase64Url(publicKey) }, format: "jwk" });
  const derived = fromBase64Url(createPublicKey(key).export({ format: "jwk" }).x!);
  if (Buffer.compare(derived, publicKey) !== 0) throw new RangeError("X25519 public key does not match the private key");
  return { privateKey: key, publicKey: publicKey.slice() };
}

/**
 * The X25519 shared secret of our private key and the peer's raw public key.
 * Throws PairingError(INVALID_PUBLIC_KEY) for a malformed key or one of low
 * order (whose shared secret would be all zeros and known to anyone).
 */
export function x25519SharedSecret(privateKey: KeyObject, peerPublicKey: Uint8Array): Uint8Array {
  if (peerPublicKey.length !== X25519_KEY_BYTES) throw new PairingError("INVALID_PUBLIC_KEY");
  let secret: Uint8Array;
  try {
    const publicKey = createPublicKey({ key: { kty: "OKP", crv: "X25519", x: toBase64Url(peerPublicKey) }, format: "jwk" });
    secret = new Uint8Array(diffieHellman({ privateKey, publicKey }));
  } catch {
    throw new PairingError("INVALID_PUBLIC_KEY");
  }
  if (secret.every((b) => b === 0)) throw new PairingError("INVALID_PUBLIC_KEY");
  return secret;
}
