import { BindingProofError } from "../errors/binding-proof-error.js";

const MAC = /^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/;
const SERIAL_NUMBER = /^[\x21-\x7e]{1,64}$/;
const MAX_ACCOUNT_ID_BYTES = 128;

/** The form a MAC takes in proofs: upper-case hex pairs separated by colons. */
export function canonicalMac(mac: string): string {
  return mac.trim().toUpperCase().replace(/-/g, ":");
}

/**
 * Checks the three ownership fields (000 §3.4 (1): "Xiaomi account ID, MAC
 * address and SN of the device to validate your device ownership"). Throws
 * BindingProofError(INVALID_FIELD) without saying which value was wrong.
 */
export function checkBindingFields(accountId: string, mac: string, serialNumber: string): void {
  const accountBytes = Buffer.byteLength(accountId, "utf8");
  if (accountBytes === 0 || accountBytes > MAX_ACCOUNT_ID_BYTES || /[\u0000-\u001f\u007f]/.test(accountId)) throw new BindingProofError("INVALID_FIELD");
  if (!MAC.test(mac)) throw new BindingProofError("INVALID_FIELD");
  if (!SERIAL_NUMBER.test(serialNumber)) throw new BindingProofError("INVALID_FIELD");
}
