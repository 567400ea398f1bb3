import { randomBytes } from "node:crypto";
import { BindingProofError } from "../errors/binding-proof-error.js";
import { ByteFieldReader, ByteFieldWriter } from "./byte-fields.js";

/** Bytes of a binding nonce. */
export const BINDING_NONCE_BYTES = 32;
const CHALLENGE_VERSION = 1;

/** What the cloud asks a device to prove: that it binds to `accountId`, fresh for `nonce`. */
export interface BindingChallenge {
  readonly accountId: string;
  readonly nonce: Uint8Array;
}

/** A challenge with a fresh random nonce. */
export function newBindingChallenge(accountId: string): BindingChallenge {
  return { accountId, nonce: new Uint8Array(randomBytes(BINDING_NONCE_BYTES)) };
}

/** The body of a BINDING_CHALLENGE frame. */
export function encodeBindingChallenge(challenge: BindingChallenge): Uint8Array {
  if (challenge.nonce.length !== BINDING_NONCE_BYTES) throw new BindingProofError("INVALID_FIELD");
  return new ByteFieldWriter().bytes(new Uint8Array([CHALLENGE_VERSION])).string(challenge.accountId).bytes(challenge.nonce).finish();
}

/** Parses a BINDING_CHALLENGE body; throws BindingProofError(MALFORMED). */
export function decodeBindingChallenge(bytes: Uint8Array): BindingChallenge {
  const reader = new ByteFieldReader(bytes);
  if (reader.byte() !== CHALLENGE_VERSION) throw new BindingProofError("MALFORMED");
  const accountId = reader.string();
  const nonce = reader.bytes(BINDING_NONCE_BYTES);
  reader.end();
  return { accountId, nonce };
}
