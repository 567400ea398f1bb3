import { KeyEncryptionKey } from "./key-encryption-key.js";
import { secretFromEnv, type SecretFromEnvOptions } from "./secret-from-env.js";

/** The environment variable holding the key-encryption key, base64 of 32 bytes. */
export const KEK_ENV_VARIABLE = "DATAPACT_KEK";

/**
 * The KEK configured in DATAPACT_KEK (base64 of 32 bytes). With
 * `generateIfMissing`, an unset variable yields a random KEK and a loud
 * warning (development only: sealed data dies with the process).
 */
export function keyEncryptionKeyFromEnv(options: SecretFromEnvOptions = {}): KeyEncryptionKey {
  return KeyEncryptionKey.fromBytes(secretFromEnv(KEK_ENV_VARIABLE, { ...options, bytes: 32 }), KEK_ENV_VARIABLE);
}
