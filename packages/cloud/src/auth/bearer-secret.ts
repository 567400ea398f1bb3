import { createHash, randomBytes } from "node:crypto";

/** A random bearer secret with a recognisable prefix (`dk1.` device keys, `mk1.` manufacturer API keys). */
export function newBearerSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/**
 * The hash stored in place of a bearer secret (device keys, API keys): the
 * secret is 256 random bits, so a plain SHA-256 is enough to make a stolen
 * table useless, and lets the secret be looked up by its hash.
 */
export function bearerSecretHash(secret: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update("datapact/bearer-secret/v1\0").update(secret, "utf8").digest());
}

/** Prefix of device keys issued at binding. */
export const DEVICE_KEY_PREFIX = "dk1.";
/** Prefix of manufacturer API keys. */
export const MANUFACTURER_KEY_PREFIX = "mk1.";
