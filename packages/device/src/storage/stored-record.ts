import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CorruptRecordError } from "../errors/corrupt-record-error.js";

/**
 * A stored record, big-endian:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | magic 0xDB |
 * | 1 | 1 | format version (1) |
 * | 2 | 1 | flags: bit 0 = payload sealed |
 * | 3 | 2 | type name length n |
 * | 5 | n | full type name, UTF-8 |
 * | 5+n | 8 | expiry, ms since epoch (0: none) |
 * | 13+n | .. | payload: protobuf bytes, or nonce(12) + AES-256-GCM ciphertext + tag(16) |
 *
 * A sealed payload's AAD is the header (everything before the payload) and
 * the store key, so a record cannot be moved to another key or have its
 * type or expiry changed undetected.
 */
export interface StoredRecord {
  readonly typeName: string;
  /** Undefined when the record has no fixed expiry. */
  readonly expiresAt: Date | undefined;
  readonly sealed: boolean;
  /** The protobuf bytes (opened, when sealed). */
  readonly payload: Uint8Array;
}

const MAGIC = 0xdb;
const FORMAT_VERSION = 1;
const FLAG_SEALED = 0x01;
const FIXED_BYTES = 5;
const EXPIRY_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes of an at-rest key (AES-256). */
export const AT_REST_KEY_BYTES = 32;

function aadOf(header: Uint8Array, storeKey: string): Uint8Array {
  return Buffer.concat([header, Buffer.from(storeKey, "utf8")]);
}

/** Encodes a record; seals the payload when `atRestKey` is given. */
export function encodeStoredRecord(storeKey: string, record: Omit<StoredRecord, "sealed">, atRestKey?: Uint8Array): Uint8Array {
  const name = Buffer.from(record.typeName, "utf8");
  if (name.length > 0xffff) throw new RangeError("type name too long");
  const header = new Uint8Array(FIXED_BYTES + name.length + EXPIRY_BYTES);
  const view = new DataView(header.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, FORMAT_VERSION);
  view.setUint8(2, atRestKey ? FLAG_SEALED : 0);
  view.setUint16(3, name.length);
  header.set(name, FIXED_BYTES);
  view.setBigInt64(FIXED_BYTES + name.length, BigInt(record.expiresAt?.getTime() ?? 0));
  if (!atRestKey) return Buffer.concat([header, record.payload]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", atRestKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(header, storeKey));
  const ciphertext = Buffer.concat([cipher.update(record.payload), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, nonce, ciphertext, cipher.getAuthTag()]));
}

/**
 * Decodes a record. Throws CorruptRecordError (BAD_HEADER, TRUNCATED,
 * BAD_AUTH_TAG: damaged, or sealed under another key or for another store
 * key) and never anything else.
 */
export function decodeStoredRecord(storeKey: string, bytes: Uint8Array, atRestKey?: Uint8Array): StoredRecord {
  if (bytes.length < FIXED_BYTES) throw new CorruptRecordError("TRUNCATED");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== MAGIC || view.getUint8(1) !== FORMAT_VERSION) throw new CorruptRecordError("BAD_HEADER");
  const flags = view.getUint8(2);
  if ((flags & ~FLAG_SEALED) !== 0) throw new CorruptRecordError("BAD_HEADER");
  const nameLength = view.getUint16(3);
  const headerLength = FIXED_BYTES + nameLength + EXPIRY_BYTES;
  if (bytes.length < headerLength) throw new CorruptRecordError("TRUNCATED");
  const typeName = Buffer.from(bytes.subarray(FIXED_BYTES, FIXED_BYTES + nameLength)).toString("utf8");
  const expiryMs = view.getBigInt64(FIXED_BYTES + nameLength);
  if (expiryMs < 0n || expiryMs > 8_640_000_000_000_000n) throw new CorruptRecordError("BAD_HEADER");
  const expiresAt = expiryMs === 0n ? undefined : new Date(Number(expiryMs));
  const body = bytes.subarray(headerLength);
  const sealed = (flags & FLAG_SEALED) !== 0;
  if (!sealed) return { typeName, expiresAt, sealed, payload: body.slice() };
  if (!atRestKey) throw new CorruptRecordError("BAD_AUTH_TAG");
  if (body.length < NONCE_BYTES + TAG_BYTES) throw new CorruptRecordError("TRUNCATED");
  try {
    const decipher = createDecipheriv("aes-256-gcm", atRestKey, body.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(bytes.subarray(0, headerLength), storeKey));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const payload = Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]);
    return { typeName, expiresAt, sealed, payload: new Uint8Array(payload) };
  } catch {
    throw new CorruptRecordError("BAD_AUTH_TAG");
  }
}
