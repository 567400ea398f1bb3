import { createHmac } from "node:crypto";
import { BindingProofError } from "../errors/binding-proof-error.js";
import { X25519_KEY_BYTES } from "../session/x25519.js";
import { checkBindingFields } from "./binding-fields.js";
import { BINDING_NONCE_BYTES } from "./binding-challenge.js";
import { ByteFieldReader, ByteFieldWriter } from "./byte-fields.js";
import { FACTORY_KEY_BYTES } from "./factory-key.js";

const PROOF_VERSION = 1;
const LABEL = "datapact binding proof v1";
/** Bytes of a proof's tag (HMAC-SHA256). */
export const BINDING_TAG_BYTES = 32;

/**
 * A device's proof that it is the hardware with this MAC and serial number,
 * that it agrees to be bound to `accountId`, and that it holds the private
 * half of `devicePublicKey` from now on (000 §3.4 (1), §3.8; SEED-MECHANISMS
 * M144). `tag` is HMAC-SHA256 under the device's factory key over the
 * canonical encoding of every other field, the cloud's fresh nonce included,
 * so a proof cannot be replayed, moved to another account, or made for
 * hardware one does not hold.
 */
export interface BindingProof {
  readonly accountId: string;
  readonly mac: string;
  readonly serialNumber: string;
  readonly nonce: Uint8Array;
  /** The X25519 key the device generated for this binding; the cloud authenticates the device by it afterwards. */
  readonly devicePublicKey: Uint8Array;
  readonly tag: Uint8Array;
}

/** The bytes the tag covers. */
export function bindingProofMessage(proof: Omit<BindingProof, "tag">): Uint8Array {
  return new ByteFieldWriter()
    .string(LABEL)
    .string(proof.accountId)
    .string(proof.mac)
    .string(proof.serialNumber)
    .bytes(proof.nonce)
    .bytes(proof.devicePublicKey)
    .finish();
}

/** The tag of a proof under `factoryKey`. */
export function bindingProofTag(factoryKey: Uint8Array, proof: Omit<BindingProof, "tag">): Uint8Array {
  if (factoryKey.length !== FACTORY_KEY_BYTES) throw new RangeError(`factory keys are ${FACTORY_KEY_BYTES} bytes`);
  return new Uint8Array(createHmac("sha256", factoryKey).update(bindingProofMessage(proof)).digest());
}

/** Makes a proof: what the device does when the app relays the cloud's challenge. */
export function createBindingProof(factoryKey: Uint8Array, fields: Omit<BindingProof, "tag">): BindingProof {
  checkBindingFields(fields.accountId, fields.mac, fields.serialNumber);
  if (fields.nonce.length !== BINDING_NONCE_BYTES || fields.devicePublicKey.length !== X25519_KEY_BYTES) throw new BindingProofError("INVALID_FIELD");
  return { ...fields, tag: bindingProofTag(factoryKey, fields) };
}

/** The body of a BINDING_PROOF frame, and what the app forwards to the cloud. */
export function encodeBindingProof(proof: BindingProof): Uint8Array {
  return new ByteFieldWriter()
    .bytes(new Uint8Array([PROOF_VERSION]))
    .string(proof.accountId)
    .string(proof.mac)
    .string(proof.serialNumber)
    .bytes(proof.nonce)
    .bytes(proof.devicePublicKey)
    .bytes(proof.tag)
    .finish();
}

/** Parses a proof; throws BindingProofError (MALFORMED, INVALID_FIELD) and nothing else. */
export function decodeBindingProof(bytes: Uint8Array): BindingProof {
  const reader = new ByteFieldReader(bytes);
  if (reader.byte() !== PROOF_VERSION) throw new BindingProofError("MALFORMED");
  const accountId = reader.string();
  const mac = reader.string();
  const serialNumber = reader.string();
  const nonce = reader.bytes(BINDING_NONCE_BYTES);
  const devicePublicKey = reader.bytes(X25519_KEY_BYTES);
  const tag = reader.bytes(BINDING_TAG_BYTES);
  reader.end();
  checkBindingFields(accountId, mac, serialNumber);
  return { accountId, mac, serialNumber, nonce, devicePublicKey, tag };
}
