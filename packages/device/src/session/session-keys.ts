import { createHash, hkdfSync } from "node:crypto";

/** The keys and values a pairing derives; one AES-256-GCM key per direction. */
export interface SessionKeys {
  /** Seals frames the app sends and the device receives. */
  readonly appToDevice: Uint8Array;
  /** Seals frames the device sends and the app receives. */
  readonly deviceToApp: Uint8Array;
  /** SHA-256 of the handshake: protocol label and both public keys. Each side seals it in its CONFIRM frame. */
  readonly transcript: Uint8Array;
  /**
   * Six digits both ends can show for the user to compare (numeric
   * comparison, as in BLE Secure Connections): equal codes mean no one sat
   * between them during the exchange.
   */
  readonly pairingCode: string;
}

const LABEL = "datapact-link-v1";
const KEY_BYTES = 32;

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string, length: number): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", ikm, salt, Buffer.from(`${LABEL} ${info}`), length));
}

/**
 * Derives the session from the X25519 shared secret with HKDF-SHA256. The
 * salt is the transcript hash, so both public keys (and their roles) are
 * bound into every key; an optional out-of-band secret (a code printed on the
 * device, a QR code) goes into the input keying material, so a peer without
 * it derives different keys and fails key confirmation.
 */
export function deriveSessionKeys(sharedSecret: Uint8Array, appPublicKey: Uint8Array, devicePublicKey: Uint8Array, outOfBandSecret?: Uint8Array): SessionKeys {
  const transcript = new Uint8Array(createHash("sha256").update(LABEL).update(appPublicKey).update(devicePublicKey).digest());
  const ikm = outOfBandSecret && outOfBandSecret.length > 0 ? Buffer.concat([sharedSecret, outOfBandSecret]) : sharedSecret;
  const code = hkdf(ikm, transcript, "pairing code", 4);
  const codeNumber = ((code[0]! << 24) | (code[1]! << 16) | (code[2]! << 8) | code[3]!) >>> 0;
  return {
    appToDevice: hkdf(ikm, transcript, "app->device", KEY_BYTES),
    deviceToApp: hkdf(ikm, transcript, "device->app", KEY_BYTES),
    transcript,
    pairingCode: String(codeNumber % 1_000_000).padStart(6, "0"),
  };
}
