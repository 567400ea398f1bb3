import { createHmac } from "node:crypto";
import { canonicalMac } from "./binding-fields.js";

/** Bytes of a device's factory key. */
export const FACTORY_KEY_BYTES = 32;

/**
 * A device's factory key: HMAC-SHA256 of its MAC and serial number under the
 * manufacturer's master key. The factory writes it into the device's secure
 * element; the cloud re-derives it to check binding proofs. It identifies
 * the hardware, not a user, so a factory reset keeps it.
 */
export function deriveFactoryKey(masterKey: Uint8Array, mac: string, serialNumber: string): Uint8Array {
  const m = Buffer.from(canonicalMac(mac), "utf8");
  const sn = Buffer.from(serialNumber, "utf8");
  return new Uint8Array(
    createHmac("sha256", masterKey)
      .update("datapact factory key v1")
      .update(new Uint8Array([m.length >> 8, m.length & 0xff]))
      .update(m)
      .update(new Uint8Array([sn.length >> 8, sn.length & 0xff]))
      .update(sn)
      .digest(),
  );
}
